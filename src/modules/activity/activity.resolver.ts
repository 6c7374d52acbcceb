import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { PageArgs, type Page } from '../../common/pagination';
import { Role } from '../../auth/role';
import { ActivityEvent, ActivityEventConnection } from './activity-event.type';
import { actorName, listActivity } from './activity.service';

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
}
