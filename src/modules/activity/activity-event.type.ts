import { Field, ID, ObjectType } from 'type-graphql';
import { connectionType } from '../../common/pagination';
import type { ActivityEventRow } from '../../events/activity-event.entity';

/** An entry of the organisation's activity log, as clients see it. */
@ObjectType()
export class ActivityEvent {
  @Field({ description: 'Opaque position in the log; pass it as `after` to resume.' })
  cursor!: string;

  @Field({ description: 'What happened, e.g. STAGE_COMPLETED.' })
  type!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field()
  entityType!: string;

  @Field(() => ID, { nullable: true, description: 'Global id of the entity the event is about.' })
  entityId!: string | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  /** The stored row, for field resolvers (actor). */
  row!: ActivityEventRow;
}

export const ActivityEventConnection = connectionType(ActivityEvent, 'ActivityEvent');
