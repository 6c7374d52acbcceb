import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { connectionType, PageArgs, type Page } from '../../common/pagination';
import { Project } from '../projects/project.entity';
import { Decision } from './decision.entity';
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
