import { Reads } from '../../db/column-plan';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role, roleAtLeast } from '../../auth/role';
import { Project } from '../projects/project.entity';
import { Celebration } from './celebration.entity';
import { CelebrationResolver } from './celebration.resolver';
import { Progress, isStageLate, todayUtc } from './progress';
import { progressOfProject } from './progress.loader';
import { Stage } from './stage.entity';
import { StageStatus } from './stage.enums';
import { stageDependsOn, stageProject } from './stage.relations';
import { availableStageActions, StageAction } from './stage.transitions';
import { AddStageInput, BlockStageInput, CelebrateStageInput, CompleteStageInput, MoveStageInput, UpdateStageInput } from './stage.inputs';
import { addStage, blockStage, cancelStage, celebrateStage, completeStage, getStage, moveStage, startStage, updateStage } from './stage.service';

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

  @Reads(() => Project, 'archivedAt')
  @FieldResolver(() => [StageAction], {
    description:
      "The status changes the caller may make now (none for an OBSERVER): those the stage's status and its project allow, and START only once every stage it depends on is DONE.",
  })
  async availableActions(@Ctx() ctx: Context, @Root() stage: Stage): Promise<StageAction[]> {
    if (!ctx.auth.role || !roleAtLeast(ctx.auth.role, Role.MEMBER)) return [];
    const [project, dependsOn] = await Promise.all([ctx.read.load(stageProject, stage), ctx.read.load(stageDependsOn, stage)]);
    return availableStageActions(
      stage.status,
      project,
      dependsOn.every((dependency) => dependency.status === StageStatus.DONE),
    );
  }

  @Reads()
  @FieldResolver(() => Boolean, { description: 'dueDate is before today (UTC) and the stage is not DONE or CANCELLED.' })
  isLate(@Root() stage: Stage): boolean {
    return isStageLate(stage, todayUtc());
  }
}

/** The action plan's derived field on Project (its relations are declared in stage.relations.ts). */
@Resolver(() => Project)
export class ProjectProgressResolver {
  @Reads(() => Stage, 'completedAt')
  @FieldResolver(() => Progress, { description: 'Derived from the stages, never stored.' })
  progress(@Ctx() ctx: Context, @Root() project: Project): Promise<Progress> {
    return ctx.read.batch(progressOfProject).load(project.id);
  }
}

/** Every resolver class of this feature (see stage.feature.ts). */
export const stageResolvers = [StageResolver, ProjectProgressResolver, CelebrationResolver] as const;
