import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { idOf } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/pagination';
import type { CelebrationsArgs } from './celebration.args';
import { Celebration } from './celebration.entity';
import { Stage } from './stage.entity';

/**
 * The organisation's celebrations, newest first, or one project's: those of its stages (at most
 * LIST_CAPS.stagesPerProject, so their ids make one `= ANY` filter). A projectId that names no
 * project of this organisation keeps none, as another organisation's does.
 */
export async function listCelebrations(ctx: Context, args: CelebrationsArgs, info?: GraphQLResolveInfo): Promise<Page<Celebration>> {
  const page = { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, newestFirst: true };
  if (args.projectId == null) return ctx.read.page(Celebration, page, info);
  const projectId = idOf('Project', args.projectId);
  const stages = projectId ? await ctx.read.rows(Stage, { where: { projectId } }) : [];
  return ctx.read.page(Celebration, { ...page, where: { stageId: stages.map((stage) => stage.id) } }, info);
}
