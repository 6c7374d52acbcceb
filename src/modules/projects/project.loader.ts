import DataLoader from 'dataloader';
import { In, type EntityTarget } from 'typeorm';
import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader } from '../../db/tenant-loaders';
import { Principle } from '../principles/principle.entity';
import { Agreement } from './agreement.entity';
import { ProjectPartnerRow } from './project-partner.entity';
import { ProjectPrinciple } from './project-principle.entity';
import { Project } from './project.entity';

type Linked = { organisationId: string; id: string };

/**
 * For many owners at once, the rows a link table points them to, in `targets`' order: two queries
 * per batch (the links, then the targets by id), whatever the number of owners.
 */
async function loadLinked<L extends Linked & Record<K | T, string>, R extends Linked, K extends string, T extends string>(
  db: RequestDb,
  keys: readonly string[],
  link: EntityTarget<L>,
  ownerColumn: K,
  targetColumn: T,
  targets: (ids: string[]) => Promise<R[]>,
): Promise<R[][]> {
  const links = await db.repo(link).find({ where: { [ownerColumn]: In([...keys]) } as never });
  const targetIds = [...new Set(links.map((row) => row[targetColumn]))];
  const rows = targetIds.length ? await targets(targetIds) : [];
  const owners = new Map<string, Set<string>>();
  for (const row of links) {
    const set = owners.get(row[targetColumn]) ?? new Set<string>();
    set.add(row[ownerColumn]);
    owners.set(row[targetColumn], set);
  }
  const grouped = new Map<string, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) for (const owner of owners.get(row.id) ?? []) grouped.get(owner)?.push(row);
  return keys.map((key) => grouped.get(key) ?? []);
}

/** Per-request loaders of projects and what hangs off them; every batch is scoped to the request's organisation. */
export function createProjectLoaders(db: RequestDb) {
  return {
    projectById: byIdLoader(db, Project),
    /** The partners involved in each project, in order of involvement. */
    partnersOfProject: childrenLoader(db, ProjectPartnerRow, 'projectId', { createdAt: 'ASC', id: 'ASC' }),
    /** The principles that underpin each project, by position. */
    principlesOfProject: new DataLoader<string, Principle[]>((projectIds) =>
      loadLinked(db, projectIds, ProjectPrinciple, 'projectId', 'principleId', (ids) =>
        db.repo(Principle).find({ where: { id: In(ids) }, order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
      ),
    ),
    /** Every agreement recorded for each project, first signed first (services re-order them). */
    agreementsOfProject: childrenLoader(db, Agreement, 'projectId', { createdAt: 'ASC', id: 'ASC' }),
    /** The projects each partner is involved in, oldest project first. */
    projectsOfPartner: new DataLoader<string, Project[]>((partnerIds) =>
      loadLinked(db, partnerIds, ProjectPartnerRow, 'partnerId', 'projectId', (ids) =>
        db.repo(Project).find({ where: { id: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      ),
    ),
  };
}
