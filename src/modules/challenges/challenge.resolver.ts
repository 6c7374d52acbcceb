import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Challenge } from './challenge.entity';
import { RaiseChallengeInput, ResolveChallengeInput } from './challenge.inputs';
import {
  raiseChallenge,
  resolveChallenge,
  withdrawChallenge,
} from './challenge.service';

@Resolver(() => Challenge)
export class ChallengeResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => Challenge, {
    description: `Raises an OPEN challenge: a concern that someone is not working to a principle. LIMIT_REACHED once the project has ${LIST_CAPS.challengesPerProject}.`,
  })
  raiseChallenge(@Ctx() ctx: Context, @Arg('input', () => RaiseChallengeInput) input: RaiseChallengeInput): Promise<Challenge> {
    return raiseChallenge(ctx, input);
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

  @Reads(() => Challenge, 'closedAt')
  @FieldResolver(() => Date, { nullable: true, description: 'When it was resolved or withdrawn.' })
  closedAt(@Root() challenge: Challenge): Date | null {
    return challenge.closedAt;
  }
}

/** Every resolver class of this feature, see the feature file. */
export const challengeResolvers = [ChallengeResolver] as const;
