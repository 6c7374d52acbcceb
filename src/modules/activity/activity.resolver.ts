import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { PageArgs, type Page } from '../../common/pagination';
import { Role } from '../../auth/role';
import { LIST_FIELD_CAPS } from '../../limits/list-caps';
import { ActivityEvent, ActivityEventConnection } from './activity-event.type';
import { actorName, listActivity } from './activity.service';
import { eventChanges } from './event-changes';
import { FieldChange } from './field-change.type';

@Resolver(() => ActivityEvent)
export class ActivityResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => ActivityEventConnection, { description: "The organisation's activity log, oldest first." })
  activity(@Ctx() ctx: Context, @Args(() => PageArgs) args: PageArgs): Promise<Page<ActivityEvent>> {
    return listActivity(ctx, args);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The user or API key that acted.' })
  actor(@Ctx() ctx: Context, @Root() event: ActivityEvent): Promise<string | null> {
    return actorName(ctx, event.row);
  }

  @FieldResolver(() => [FieldChange], {
    description: `Each field the event changed, with its old and new value (never a secret); empty for events that change no field; at most ${LIST_FIELD_CAPS['ActivityEvent.changes']}.`,
  })
  changes(@Root() event: ActivityEvent): FieldChange[] {
    return eventChanges(event.row.data).slice(0, LIST_FIELD_CAPS['ActivityEvent.changes']);
  }
}
