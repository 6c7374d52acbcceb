import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import type { Page } from '../../common/pagination';
import { ActivityArgs } from './activity.args';
import { Role } from '../../auth/role';
import { LIST_FIELD_CAPS } from '../../limits/list-caps';
import { ActivityEvent, ActivityEventConnection } from './activity-event.type';
import { actorName, listActivity } from './activity.service';
import { eventChanges } from './event-changes';
import { FieldChange } from './field-change.type';
import { Project } from '../projects/project.entity';

@Resolver(() => ActivityEvent)
export class ActivityResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => ActivityEventConnection, { description: "The organisation's activity log, oldest first (or newest first), optionally one project's or some types' events." })
  activity(@Ctx() ctx: Context, @Args(() => ActivityArgs) args: ActivityArgs): Promise<Page<ActivityEvent>> {
    return listActivity(ctx, args);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The user or API key that acted.' })
  actor(@Ctx() ctx: Context, @Root() event: ActivityEvent): Promise<string | null> {
    return actorName(ctx, event.row);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the event belongs to, if any (archived ones too: the log keeps history).' })
  project(@Ctx() ctx: Context, @Root() event: ActivityEvent): Project | Promise<Project | null> | null {
    return event.row.projectId ? ctx.read.byId(Project, event.row.projectId) : null;
  }

  @FieldResolver(() => [FieldChange], {
    description: `Each field the event changed, with its old and new value (never a secret); empty for events that change no field; at most ${LIST_FIELD_CAPS['ActivityEvent.changes']}.`,
  })
  changes(@Root() event: ActivityEvent): FieldChange[] {
    return eventChanges(event.row.data).slice(0, LIST_FIELD_CAPS['ActivityEvent.changes']);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why, for a change that must give a reason (a corrected measurement, a reopened evaluation); null otherwise.',
  })
  reason(@Root() event: ActivityEvent): string | null {
    const reason = (event.row.data as { reason?: unknown } | null)?.reason;
    return typeof reason === 'string' ? reason : null;
  }
}
