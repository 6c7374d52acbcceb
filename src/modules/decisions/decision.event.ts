import { Field, ObjectType } from 'type-graphql';
import type { ActivityEventRow } from '../../events/activity-event.entity';

/** A recorded decision, as live pages receive it. */
@ObjectType({ description: 'A recorded decision, delivered once it is committed.' })
export class DecisionEvent {
  @Field({ description: 'The activity cursor of this event: resume `decisionRecorded(after:)` or `activity(after:)` from it.' })
  cursor!: string;

  /** The activity row behind the event, for the relation fields. */
  row!: ActivityEventRow;
}
