import { Field, ID, InputType, Int } from 'type-graphql';
import { IsDefined, ValidateIf } from 'class-validator';
import { IsCleanText, NAME_MAX, TEXT_MAX } from '../../common/validation';

@InputType()
export class CreatePrincipleInput {
  @Field()
  @IsCleanText({ max: NAME_MAX })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Blank is stored as no description.' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;
}

@InputType({ description: 'Omitted fields stay as they are; an explicit null clears a nullable field.' })
export class UpdatePrincipleInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is CONFLICT. Left out, the change applies to whatever the principle says now.' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @ValidateIf((_input, value) => value !== undefined)
  @IsDefined({ message: 'cannot be null: omit it to leave it unchanged' })
  @IsCleanText({ max: NAME_MAX })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'null or blank clears it.' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;
}
