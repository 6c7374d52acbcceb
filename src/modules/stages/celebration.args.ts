import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs } from '../../common/pagination';

@ArgsType()
export class CelebrationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this project's celebrations (an unknown or another organisation's project: none)." })
  @IsOptional()
  projectId?: string | null;
}
