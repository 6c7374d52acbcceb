import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { connectionType, type Page } from '../../common/pagination';
import { Challenge } from './challenge.entity';
import { ChallengesArgs, RaiseChallengeInput, ResolveChallengeInput, UpdateChallengeInput } from './challenge.inputs';
import { isChallengeOverdue, listChallenges, raiseChallenge, resolveChallenge, updateChallenge, withdrawChallenge } from './challenge.service';

export const ChallengeConnection = connectionType(Challenge, 'Challenge');

@Resolver(() => Challenge)
export class ChallengeResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => ChallengeConnection, { description: "The organisation's challenges, newest first; overdue: true keeps the OPEN ones past their dueDate." })
  challenges(@Ctx() ctx: Context, @Args(() => ChallengesArgs) args: ChallengesArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Challenge>> {
    return listChallenges(ctx, args, info);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Challenge, {
    description: `Raises an OPEN challenge in a partner's name: a concern that someone is not working to a principle. Only from the partner's own linked representative, or an ADMIN or OWNER on its behalf with evidence (NOT_A_REPRESENTATIVE otherwise). LIMIT_REACHED once the project has ${LIST_CAPS.challengesPerProject}.`,
  })
  raiseChallenge(@Ctx() ctx: Context, @Arg('input', () => RaiseChallengeInput) input: RaiseChallengeInput): Promise<Challenge> {
    return raiseChallenge(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Challenge, { description: 'Gives an OPEN challenge an owner (a member) and a due date, or clears them; logged with old and new values.' })
  updateChallenge(@Ctx() ctx: Context, @Arg('input', () => UpdateChallengeInput) input: UpdateChallengeInput): Promise<Challenge> {
    return updateChallenge(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Challenge, { description: 'OPEN -> RESOLVED, with how it was resolved.' })
  resolveChallenge(@Ctx() ctx: Context, @Arg('input', () => ResolveChallengeInput) input: ResolveChallengeInput): Promise<Challenge> {
    return resolveChallenge(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Challenge, { description: 'OPEN -> WITHDRAWN.' })
  withdrawChallenge(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Challenge> {
    return withdrawChallenge(ctx, id);
  }

  @Reads(() => Challenge, 'createdAt')
  @FieldResolver(() => Date, { description: 'When it was raised.' })
  createdAt(@Root() challenge: Challenge): Date {
    return challenge.createdAt;
  }

  @Reads()
  @FieldResolver(() => Boolean, { description: 'OPEN and its dueDate is before today (UTC).' })
  isOverdue(@Root() challenge: Challenge): boolean {
    return isChallengeOverdue(challenge);
  }

  @Reads(() => Challenge, 'closedAt')
  @FieldResolver(() => Date, { nullable: true, description: 'When it was resolved or withdrawn.' })
  closedAt(@Root() challenge: Challenge): Date | null {
    return challenge.closedAt;
  }
}

/** Every resolver class of this feature, see the feature file. */
export const challengeResolvers = [ChallengeResolver] as const;
