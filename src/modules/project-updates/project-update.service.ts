import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { assertProjectNotArchived } from '../../common/archived';
import { requireIdOf } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page, type PageArgs } from '../../common/pagination';
import { AppError, NotFoundError } from '../../errors';
import { recordActivity } from '../activity/activity.service';
import { ProjectStatus } from '../projects/project.enums';
import { latestUpdateOfProject } from './project-update.batches';
import { ProjectUpdate } from './project-update.entity';
import { healthInWords } from './project-update.enums';
import type { PostProjectUpdateInput } from './project-update.inputs';

/** A project's updates, newest first (keyset on created_at, id); a malformed `after` is BAD_USER_INPUT. */
export function listProjectUpdates(ctx: Context, projectId: string, args: PageArgs, info?: GraphQLResolveInfo): Promise<Page<ProjectUpdate>> {
  return ctx.read.page(ProjectUpdate, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where: { projectId }, newestFirst: true }, info);
}

/** A project's latest update, or null when it has none; batched across the projects of a request. */
export function latestProjectUpdate(ctx: Context, projectId: string): Promise<ProjectUpdate | null> {
  return ctx.read.batch(latestUpdateOfProject).load(projectId);
}

/**
 * Posts an update on a project of the request's organisation: its health and a narrative (trimmed),
 * as the acting user or API key, logged as PROJECT_UPDATE_POSTED. The project is locked FOR SHARE,
 * so its status cannot change under the write.
 *
 * NOT_FOUND for a project that is not this organisation's; INVALID_TRANSITION with
 * `extensions.archived` when it is archived, and with `extensions.projectStatus` when it is
 * COMPLETED or CANCELLED (nothing more to report on).
 */
export async function postProjectUpdate(ctx: Context, input: PostProjectUpdateInput): Promise<ProjectUpdate> {
  const projectId = requireIdOf('Project', input.projectId);
  const narrative = input.narrative.trim();
  return ctx.db.transaction(async () => {
    const [project] = await ctx.db.query<{ name: string; status: ProjectStatus; archivedAt: Date | null }>(
      'lock the project for an update',
      `SELECT name, status, archived_at AS "archivedAt" FROM projects WHERE organisation_id = $1 AND id = $2 FOR SHARE`,
      [ctx.db.organisationId, projectId],
    );
    if (!project) throw new NotFoundError('Project');
    assertProjectNotArchived(project);
    if (project.status === ProjectStatus.COMPLETED || project.status === ProjectStatus.CANCELLED) {
      throw new AppError('INVALID_TRANSITION', `The project is ${project.status}: updates are for projects still under way`, { projectStatus: project.status });
    }
    const update = await ctx.db.repo(ProjectUpdate).insert({
      projectId,
      health: input.health,
      narrative,
      postedByUserId: ctx.auth.userId ?? null,
      postedByApiKeyId: ctx.auth.apiKey?.id ?? null,
    });
    await recordActivity(ctx, {
      type: 'PROJECT_UPDATE_POSTED',
      entityType: 'ProjectUpdate',
      entityId: update.id,
      projectId,
      summary: `${project.name} was reported ${healthInWords(input.health)}: ${narrative}`,
      data: { health: input.health },
    });
    return update;
  });
}
