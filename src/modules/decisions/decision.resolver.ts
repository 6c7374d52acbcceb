import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { connectionType, PageArgs, type Page } from '../../common/pagination';
import type { ActivityEventRow } from '../../events/activity-event.entity';
import { eventOf, subscribeToEvents } from '../../subscriptions/event-subscription';
import { Replays } from '../../subscriptions/replaying';
import { Project } from '../projects/project.entity';
import { Decision } from './decision.entity';
import { DecisionEvent } from './decision.event';
import { DecisionsArgs, RecordDecisionInput } from './decision.inputs';
import { listDecisions, listProjectDecisions, recordDecision } from './decision.service';

export const DecisionConnection = connectionType(Decision, 'Decision');

@Resolver(() => Decision)
export class DecisionResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => DecisionConnection, { description: "The organisation's decision log, newest recorded first; with projectId, one project's." })
  decisions(@Ctx() ctx: Context, @Args(() => DecisionsArgs) args: DecisionsArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Decision>> {
    return listDecisions(ctx, args, info);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Decision, {
    description:
      'Records a decision of a project: the day, what was decided, the partners who agreed (at least one, not archived), and the stages, challenges and principles it concerns. Never edited afterwards. INVALID_TRANSITION on an archived project (extensions.archived).',
  })
  recordDecision(@Ctx() ctx: Context, @Arg('input', () => RecordDecisionInput) input: RecordDecisionInput): Promise<Decision> {
    return recordDecision(ctx, input);
  }
}

@Resolver(() => Project)
export class ProjectDecisionsResolver {
  @Reads()
  @FieldResolver(() => DecisionConnection, { description: "The project's decision log, newest recorded first." })
  decisions(@Ctx() ctx: Context, @Root() project: Project, @Args(() => PageArgs) args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Decision>> {
    return listProjectDecisions(ctx, project.id, args, info);
  }
}

@Resolver(() => DecisionEvent)
export class DecisionLiveResolver {
  @Subscription(() => DecisionEvent, {
    description:
      "Decisions recorded in the organisation, or in one project, each once it is committed. With `after` (an activity cursor, such as the last event's), replays the decisions recorded since, then goes live: a client that reconnects misses none. NOT_FOUND for a project that is not this organisation's.",
    subscribe: ({ args, context }) =>
      subscribeToEvents(context as Context, { types: ['DECISION_RECORDED'], projectId: args.projectId as string | null, after: args.after as string | null }),
  })
  @Replays({ cursor: 'after' })
  decisionRecorded(
    @Ctx() ctx: Context,
    @Root() row: ActivityEventRow,
    @Arg('projectId', () => ID, { nullable: true }) _projectId?: string,
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): DecisionEvent {
    return eventOf(ctx, row);
  }

  @FieldResolver(() => Decision, { description: 'The decision that was recorded.' })
  async decision(@Ctx() ctx: Context, @Root() event: DecisionEvent): Promise<Decision> {
    return (await ctx.read.byId(Decision, event.row.entityId!))!;
  }
}
