import type { Context } from '../../context';
import { roleAtLeast } from '../../auth/role';
import { parseGlobalId } from '../../common/global-id';
import type { Node } from '../../common/node';
import { AppError, BadInputError, ForbiddenError, NotFoundError } from '../../errors';
import { LIST_CAPS } from '../../limits/list-caps';
import { present } from '../../read/where';
import { recordActivity } from '../activity/activity.service';
import { ARCHIVABLE, type Archivable, type ArchivableRow } from './archivable';

/** The archivable row a global id names, locked for the change; NOT_FOUND for anything else, foreign ids included. */
async function lockArchivable(ctx: Context, globalId: string): Promise<{ kind: Archivable; type: string; row: ArchivableRow }> {
  const parsed = parseGlobalId(globalId);
  const kind = parsed && Object.hasOwn(ARCHIVABLE, parsed.type) ? ARCHIVABLE[parsed.type] : undefined;
  if (!parsed || !kind) throw new NotFoundError();
  if (!ctx.auth.role || !roleAtLeast(ctx.auth.role, kind.role)) throw new ForbiddenError(`Archiving a ${parsed.type} needs the ${kind.role} role`);
  const row = await ctx.db.repo(kind.entity).findOneForUpdate(parsed.id);
  if (!row) throw new NotFoundError(parsed.type);
  return { kind, type: parsed.type, row };
}

/**
 * Archives (`archived: true`) or restores a record: it leaves (or rejoins) the lists, keeps its
 * history, and the change is logged with the field it changed. Archiving what an ACTIVE project
 * still uses is CONFLICT with `extensions.usedBy`; archiving an archived record (or restoring a
 * current one) changes nothing and logs nothing.
 */
export async function setArchived(ctx: Context, globalId: string, archived: boolean): Promise<Node> {
  return ctx.db.transaction(async () => {
    const { kind, type, row } = await lockArchivable(ctx, globalId);
    if ((row.archivedAt !== null) !== archived) {
      if (archived) {
        const usedBy = (await kind.usedBy?.(ctx, row)) ?? [];
        if (usedBy.length > 0) throw new AppError('CONFLICT', `This ${type} is used by ${usedBy.length} active project(s): complete or cancel them first`, { usedBy });
      }
      const archivedAt = archived ? new Date() : null;
      await ctx.db.repo(kind.entity).update({ id: row.id }, { archivedAt });
      await recordActivity(ctx, {
        type: archived ? 'RECORD_ARCHIVED' : 'RECORD_RESTORED',
        entityType: type,
        entityId: row.id,
        projectId: (await kind.projectOf?.(ctx, row)) ?? null,
        summary: `${type} ${archived ? 'archived' : 'restored'}`,
        data: { changes: { archivedAt: { from: row.archivedAt, to: archivedAt } } },
      });
    }
    return (await ctx.read.byId(kind.entity, row.id)) as unknown as Node;
  });
}

/**
 * The organisation's archived records of these node types (Partner, Principle, ...), most recently
 * archived first, at most LIST_CAPS.archivedRecords in all: where they can be found to restore
 * them, since lists leave them out. One read per type, in the same round trip.
 */
export async function listArchived(ctx: Context, types: readonly string[]): Promise<Node[]> {
  const unknown = types.filter((type) => !Object.hasOwn(ARCHIVABLE, type));
  if (unknown.length > 0) throw new BadInputError(`Not archivable: ${unknown.join(', ')} (archivable: ${Object.keys(ARCHIVABLE).join(', ')})`, 'types');
  const limit = LIST_CAPS.archivedRecords;
  const lists = await Promise.all(
    [...new Set(types)].map((type) => ctx.read.rows(ARCHIVABLE[type]!.entity, { where: { archivedAt: present() }, order: { archivedAt: 'DESC', id: 'ASC' }, limit })),
  );
  return lists
    .flat()
    .sort((a, b) => b.archivedAt!.getTime() - a.archivedAt!.getTime())
    .slice(0, limit) as unknown as Node[];
}
