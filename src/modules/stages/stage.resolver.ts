import type { GraphQLResolveInfo } from 'graphql';
import { Reads } from '../../db/column-plan';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectsField } from '../../common/lookahead';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { User } from '../accounts/user.entity';
import { Role } from '../../auth/role';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { Celebration } from './celebration.entity';
import { Progress, isStageLate, todayUtc } from './progress';
import { Stage } from './stage.entity';
import { AddStageInput, BlockStageInput, CelebrateStageInput, CompleteStageInput, MoveStageInput, UpdateStageInput } from './stage.inputs';
import {
  addStage,
  blockStage,
  cancelStage,
  celebrateStage,
  completeStage,
  getStage,
  moveStage,
  startStage,
  updateStage,
} from './stage.service';

@Resolver(() => Stage)
export class StageResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => Stage, { nullable: true, description: 'A stage of this organisation; null when not found.' })
  stage(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Stage | null> {
    return getStage(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: `Appends a stage to a project's action plan; LIMIT_REACHED once it has ${LIST_CAPS.stagesPerProject}.` })
  addStage(@Ctx() ctx: Context, @Arg('input', () => AddStageInput) input: AddStageInput): Promise<Stage> {
    return addStage(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: 'Edits a stage; a stale expectedVersion is CONFLICT.' })
  updateStage(@Ctx() ctx: Context, @Arg('input', () => UpdateStageInput) input: UpdateStageInput): Promise<Stage> {
    return updateStage(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, { description: 'Moves a stage to a 0-based position; the others shift.' })
  moveStage(@Ctx() ctx: Context, @Arg('input', () => MoveStageInput) input: MoveStageInput): Promise<Project> {
    return moveStage(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: 'NOT_STARTED or BLOCKED -> IN_PROGRESS; DEPENDENCY_NOT_DONE while a dependency is open.' })
  startStage(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Stage> {
    return startStage(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: 'NOT_STARTED or IN_PROGRESS -> BLOCKED, with a reason.' })
  blockStage(@Ctx() ctx: Context, @Arg('input', () => BlockStageInput) input: BlockStageInput): Promise<Stage> {
    return blockStage(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: 'IN_PROGRESS -> DONE; records who and when, and a celebration.' })
  completeStage(@Ctx() ctx: Context, @Arg('input', () => CompleteStageInput) input: CompleteStageInput): Promise<Stage> {
    return completeStage(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Stage, { description: 'Any status but DONE or CANCELLED -> CANCELLED.' })
  cancelStage(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Stage> {
    return cancelStage(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Celebration, { description: `Celebrates a DONE stage; LIMIT_REACHED once it has ${LIST_CAPS.celebrationsPerStage} celebrations.` })
  celebrateStage(@Ctx() ctx: Context, @Arg('input', () => CelebrateStageInput) input: CelebrateStageInput): Promise<Celebration> {
    return celebrateStage(ctx, input);
  }

  @Reads()
  @FieldResolver(() => Partner, { nullable: true })
  owner(@Ctx() ctx: Context, @Root() stage: Stage): Partner | null | Promise<Partner | null> {
    return stage.ownerPartnerId ? ctx.loaders.partners.partnerById.get(stage.ownerPartnerId) : null;
  }

  @Reads()
  @FieldResolver(() => [Stage], { description: `The stages that must be DONE before this one starts, by position; at most ${LIST_CAPS.dependenciesPerStage}.` })
  dependsOn(@Ctx() ctx: Context, @Root() stage: Stage): Promise<Stage[]> {
    return ctx.loaders.stages.dependenciesOfStage.load(stage.id);
  }

  @Reads()
  @FieldResolver(() => User, { nullable: true, description: 'Who completed the stage; null when an API key did, or they are no longer a member.' })
  completedBy(@Ctx() ctx: Context, @Root() stage: Stage): Promise<User | null> | null {
    return stage.completedByUserId ? ctx.loaders.accounts.userById.load(stage.completedByUserId) : null;
  }

  @Reads()
  @FieldResolver(() => Boolean, { description: 'dueDate is before today (UTC) and the stage is not DONE or CANCELLED.' })
  isLate(@Root() stage: Stage): boolean {
    return isStageLate(stage, todayUtc());
  }

  @Reads()
  @FieldResolver(() => [Celebration], { description: `Oldest first; at most ${LIST_CAPS.celebrationsPerStage}.` })
  celebrations(@Ctx() ctx: Context, @Root() stage: Stage): Promise<Celebration[]> {
    return ctx.loaders.stages.celebrationsOfStage.load(stage.id);
  }

  @Reads()
  @FieldResolver(() => Project)
  async project(@Ctx() ctx: Context, @Root() stage: Stage): Promise<Project> {
    const project = await ctx.loaders.projects.projectById.load(stage.projectId);
    return project!;
  }
}

@Resolver(() => Celebration)
export class CelebrationResolver {
  @Reads()
  @FieldResolver(() => User, { nullable: true, description: 'Who acknowledged the stage; null when an API key did, or they are no longer a member.' })
  acknowledgedBy(@Ctx() ctx: Context, @Root() celebration: Celebration): Promise<User | null> | null {
    return celebration.acknowledgedByUserId ? ctx.loaders.accounts.userById.load(celebration.acknowledgedByUserId) : null;
  }
}

/** The action plan's fields on Project. */
@Resolver(() => Project)
export class ProjectStagesResolver {
  @Reads()
  @FieldResolver(() => [Stage], { description: `The action plan, by position; at most ${LIST_CAPS.stagesPerProject} stages (addStage refuses more: LIMIT_REACHED).` })
  stages(@Ctx() ctx: Context, @Root() project: Project, @Info() info: GraphQLResolveInfo): Stage[] | Promise<Stage[]> {
    // The owners ride in the stages' round trip (same turn, one batched read) when they are asked for.
    if (selectsField(info, 'owner')) void ctx.loaders.partners.stageOwnersOfProject.load(project.id).catch(() => undefined);
    return ctx.loaders.stages.stagesOfProject.get(project.id);
  }

  @Reads(() => Stage, 'completedAt')
  @FieldResolver(() => Progress, { description: 'Derived from the stages, never stored.' })
  progress(@Ctx() ctx: Context, @Root() project: Project): Promise<Progress> {
    return ctx.loaders.stages.progressOfProject.load(project.id);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const stageResolvers = [StageResolver, CelebrationResolver, ProjectStagesResolver] as const;
