import { Field, ObjectType } from 'type-graphql';
import type { ActivityEventRow } from '../../events/activity-event.entity';

/** A posted project update, as live pages receive it. */
@ObjectType({ description: 'A project update, delivered once it is committed.' })
export class ProjectUpdateEvent {
  @Field({ description: 'The activity cursor of this event: resume `projectUpdatePosted(after:)` or `activity(after:)` from it.' })
  cursor!: string;

  /** The activity row behind the event, for the relation fields. */
  row!: ActivityEventRow;
}
