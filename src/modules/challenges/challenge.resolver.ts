import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Challenge } from './challenge.entity';
import { RaiseChallengeInput, ResolveChallengeInput } from './challenge.inputs';
import {
  challengeConcernsPartner,
  challengeConcernsStage,
  challengePrinciple,
  challengeProject,
  challengeRaisedBy,
  projectChallenges,
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

  @Reads()
  @FieldResolver(() => Principle, { description: 'The principle the challenge cites.' })
  principle(@Ctx() ctx: Context, @Root() challenge: Challenge): Promise<Principle> {
    return challengePrinciple(ctx, challenge);
  }

  @Reads()
  @FieldResolver(() => Partner, { description: 'The partner that raised it.' })
  raisedBy(@Ctx() ctx: Context, @Root() challenge: Challenge): Promise<Partner> {
    return challengeRaisedBy(ctx, challenge);
  }

  @Reads()
  @FieldResolver(() => Partner, { nullable: true, description: 'The partner it is about, if any.' })
  concernsPartner(@Ctx() ctx: Context, @Root() challenge: Challenge): Promise<Partner | null> {
    return challengeConcernsPartner(ctx, challenge);
  }

  @Reads()
  @FieldResolver(() => Stage, { nullable: true, description: 'The stage it is about, if any.' })
  concernsStage(@Ctx() ctx: Context, @Root() challenge: Challenge): Promise<Stage | null> {
    return challengeConcernsStage(ctx, challenge);
  }

  @Reads()
  @FieldResolver(() => Project)
  project(@Ctx() ctx: Context, @Root() challenge: Challenge): Promise<Project> {
    return challengeProject(ctx, challenge);
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

/** Project.challenges lives here: it reads challenges. */
@Resolver(() => Project)
export class ProjectChallengesResolver {
  @FieldResolver(() => [Challenge], { description: `The project's challenges, oldest first; at most ${LIST_CAPS.challengesPerProject}.` })
  challenges(@Ctx() ctx: Context, @Root() project: Project): Promise<Challenge[]> {
    return projectChallenges(ctx, project);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const challengeResolvers = [ChallengeResolver, ProjectChallengesResolver] as const;
