import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { connectionType, PageArgs, type Page } from '../../common/pagination';
import type { ActivityEventRow } from '../../events/activity-event.entity';
import { eventOf, subscribeToEvents } from '../../subscriptions/event-subscription';
import { Replays } from '../../subscriptions/replaying';
import { Project } from '../projects/project.entity';
import { ProjectUpdate } from './project-update.entity';
import { ProjectUpdateEvent } from './project-update.event';
import { PostProjectUpdateInput } from './project-update.inputs';
import { latestProjectUpdate, listProjectUpdates, postProjectUpdate } from './project-update.service';

export const ProjectUpdateConnection = connectionType(ProjectUpdate, 'ProjectUpdate');

@Resolver(() => ProjectUpdate)
export class ProjectUpdateResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => ProjectUpdate, {
    description:
      "Posts a project's health with the narrative behind it, kept as its history (a correction is a new update). INVALID_TRANSITION on an archived (extensions.archived), COMPLETED or CANCELLED (extensions.projectStatus) project.",
  })
  postProjectUpdate(@Ctx() ctx: Context, @Arg('input', () => PostProjectUpdateInput) input: PostProjectUpdateInput): Promise<ProjectUpdate> {
    return postProjectUpdate(ctx, input);
  }
}

@Resolver(() => Project)
export class ProjectUpdatesFieldResolver {
  @Reads()
  @FieldResolver(() => ProjectUpdateConnection, { description: "The project's updates, newest first: its status history." })
  updates(@Ctx() ctx: Context, @Root() project: Project, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<ProjectUpdate>> {
    return listProjectUpdates(ctx, project.id, args, info);
  }

  @Reads()
  @FieldResolver(() => ProjectUpdate, { nullable: true, description: "The project's latest update (its current health and when it was last reported); null before the first." })
  latestUpdate(@Ctx() ctx: Context, @Root() project: Project): Promise<ProjectUpdate | null> {
    return latestProjectUpdate(ctx, project.id);
  }
}

@Resolver(() => ProjectUpdateEvent)
export class ProjectUpdateLiveResolver {
  @Subscription(() => ProjectUpdateEvent, {
    description:
      "Project updates of the organisation, or of one project, each once it is committed. With `after` (an activity cursor, such as the last event's), replays the updates posted since, then goes live: a client that reconnects misses none. NOT_FOUND for a project that is not this organisation's.",
    subscribe: ({ args, context }) =>
      subscribeToEvents(context as Context, { types: ['PROJECT_UPDATE_POSTED'], projectId: args.projectId as string | null, after: args.after as string | null }),
  })
  @Replays({ cursor: 'after' })
  projectUpdatePosted(
    @Ctx() ctx: Context,
    @Root() row: ActivityEventRow,
    @Arg('projectId', () => ID, { nullable: true }) _projectId?: string,
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): ProjectUpdateEvent {
    return eventOf(ctx, row);
  }

  @FieldResolver(() => ProjectUpdate, { description: 'The update that was posted.' })
  async update(@Ctx() ctx: Context, @Root() event: ProjectUpdateEvent): Promise<ProjectUpdate> {
    return (await ctx.read.byId(ProjectUpdate, event.row.entityId!))!;
  }
}
