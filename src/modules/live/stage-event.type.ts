import { Field, ObjectType } from 'type-graphql';
import { StageEventType } from '../stages/stage.enums';
import type { ActivityEventRow } from '../../events/activity-event.entity';

/** A change to a stage, as live dashboards receive it. */
@ObjectType()
export class StageEvent {
  @Field(() => StageEventType)
  type!: StageEventType;

  @Field({ description: 'The activity cursor of this event: resume `activity(after:)` from it.' })
  cursor!: string;

  /** The activity row behind the event, for the relation fields. */
  row!: ActivityEventRow;
}
