import type { Context } from '../../context';
import { toGlobalId } from '../../common/global-id';
import { Role } from '../../auth/role';
import { Measure } from '../evaluations/measure.entity';
import { Measurement } from '../evaluations/measurement.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { Principle } from '../principles/principle.entity';
import { ProjectPartnerRow } from '../projects/project-partner.entity';
import { ProjectPrinciple } from '../projects/project-principle.entity';
import { Project } from '../projects/project.entity';
import { ProjectStatus } from '../projects/project.enums';

/** A row that can be archived: a tenant row with `archived_at`. */
export interface ArchivableRow {
  id: string;
  organisationId: string;
  archivedAt: Date | null;
}

/** How one node type is archived and restored. */
export interface Archivable {
  readonly entity: new () => ArchivableRow;
  /** Who may archive or restore it. */
  readonly role: Role;
  /** The global ids of the ACTIVE projects that still use the row: archiving it is CONFLICT while there are any. */
  usedBy?(ctx: Context, row: ArchivableRow): Promise<string[]>;
  /** The project the row belongs to, for the activity log. */
  projectOf?(ctx: Context, row: ArchivableRow): Promise<string | null>;
}

/** The ACTIVE projects among these project ids, as global ids. */
async function activeAmong(ctx: Context, projectIds: readonly string[]): Promise<string[]> {
  if (projectIds.length === 0) return [];
  const projects = await ctx.read.rows(Project, { where: { id: [...new Set(projectIds)], status: ProjectStatus.ACTIVE } });
  return projects.map((project) => toGlobalId('Project', project.id));
}

/** By node type: what `archive(id)` and `restore(id)` accept. */
export const ARCHIVABLE: Readonly<Record<string, Archivable>> = {
  Partner: {
    entity: Partner as unknown as new () => ArchivableRow,
    role: Role.MEMBER,
    usedBy: async (ctx, row) =>
      activeAmong(
        ctx,
        (await ctx.read.rows(ProjectPartnerRow, { where: { partnerId: row.id } })).map((link) => link.projectId),
      ),
  },
  Representative: { entity: Representative as unknown as new () => ArchivableRow, role: Role.MEMBER },
  Principle: {
    entity: Principle as unknown as new () => ArchivableRow,
    role: Role.ADMIN,
    usedBy: async (ctx, row) =>
      activeAmong(
        ctx,
        (await ctx.read.rows(ProjectPrinciple, { where: { principleId: row.id } })).map((link) => link.projectId),
      ),
  },
  Project: {
    entity: Project as unknown as new () => ArchivableRow,
    role: Role.MEMBER,
    usedBy: async (ctx, row) => activeAmong(ctx, [row.id]),
    projectOf: async (_ctx, row) => row.id,
  },
  Measure: { entity: Measure as unknown as new () => ArchivableRow, role: Role.MEMBER },
  Measurement: { entity: Measurement as unknown as new () => ArchivableRow, role: Role.MEMBER },
};
