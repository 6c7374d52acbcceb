import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { ACTIVITY_EVENT_TYPES } from '../../events/event-types';

@ArgsType()
export class ActivityArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: newest first, so `after` pages back through history. Left out or false: oldest first.' })
  @IsOptional()
  newestFirst?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Only this project's events (an unknown or another organisation's project: none)." })
  @IsOptional()
  projectId?: string | null;

  @Field(() => [String], { nullable: true, description: `Only events of these types (ActivityEvent.type; at most ${ACTIVITY_EVENT_TYPES.length}).` })
  @IsOptional()
  @ArrayMaxSize(ACTIVITY_EVENT_TYPES.length)
  @IsIn(ACTIVITY_EVENT_TYPES, { each: true, message: 'each of types must be an activity event type, e.g. STAGE_COMPLETED' })
  types?: string[] | null;
}
