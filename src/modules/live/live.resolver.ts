import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { ActivityEvent } from '../activity/activity-event.type';
import type { ActivityEventRow } from '../../events/activity-event.entity';
import { Celebration } from '../stages/celebration.entity';
import { Stage } from '../stages/stage.entity';
import { StageEventType } from '../stages/stage.enums';
import { Project } from '../projects/project.entity';
import { StageEvent } from './stage-event.type';
import { activityEventOf, progressAfter, stageEventOf, subscribeActivity, subscribeProjectChanges, subscribeStageEvents } from './live.service';
import { Progress } from '../stages/progress';
import { Replays } from '../../subscriptions/replaying';

@Resolver(() => StageEvent)
export class LiveResolver {
  @Subscription(() => ActivityEvent, {
    description: "The organisation's activity: replays the events after `after`, then goes live.",
    subscribe: ({ args, context }) => subscribeActivity(context as Context, args.after as string | null),
  })
  @Replays({ cursor: 'after' })
  activity(@Ctx() ctx: Context, @Root() row: ActivityEventRow, @Arg('after', () => String, { nullable: true }) _after?: string): ActivityEvent {
    return activityEventOf(ctx, row);
  }

  @Subscription(() => StageEvent, {
    description: 'Every stage change in the organisation, or in one project.',
    subscribe: ({ args, context }) => subscribeStageEvents(context as Context, args.projectId as string | null),
  })
  stageUpdated(@Ctx() ctx: Context, @Root() row: ActivityEventRow, @Arg('projectId', () => ID, { nullable: true }) _projectId?: string): StageEvent {
    return stageEventOf(ctx, row);
  }

  @Subscription(() => Progress, {
    description: "The project's progress after every change to it.",
    subscribe: ({ args, context }) => subscribeProjectChanges(context as Context, args.projectId as string),
  })
  projectProgress(@Ctx() ctx: Context, @Root() row: ActivityEventRow, @Arg('projectId', () => ID) _projectId: string): Promise<Progress> {
    return progressAfter(ctx, row);
  }

  @FieldResolver(() => Stage)
  async stage(@Ctx() ctx: Context, @Root() event: StageEvent): Promise<Stage> {
    return (await ctx.read.byId(Stage, event.row.entityId!))!;
  }

  @FieldResolver(() => Project)
  async project(@Ctx() ctx: Context, @Root() event: StageEvent): Promise<Project> {
    return (await ctx.read.byId(Project, event.row.projectId!))!;
  }

  @FieldResolver(() => Celebration, { nullable: true, description: 'The celebration of a STAGE_COMPLETED event.' })
  celebration(@Ctx() ctx: Context, @Root() event: StageEvent): Celebration | null | Promise<Celebration | null> {
    const celebrationId = event.row.data.celebrationId;
    if (event.type !== StageEventType.STAGE_COMPLETED || typeof celebrationId !== 'string') return null;
    return ctx.read.byId(Celebration, celebrationId);
  }
}

export const liveResolvers = [LiveResolver] as const;
