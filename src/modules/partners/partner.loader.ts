import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader, entityRead, parentsOf, readStatement, type ParentsSql } from '../../db/tenant-loaders';
import type { PrimePage, ProjectPageSql } from '../projects/project.page';
import { Partner } from './partner.entity';
import { Representative } from './representative.entity';

export function createPartnerLoaders(db: RequestDb) {
  const partnerById = byIdLoader(db, Partner);

  /** The partners owning a stage of `projects`. */
  async function readStageOwners(projects: ParentsSql): Promise<Partner[]> {
    const read = entityRead(db, Partner);
    const owners = readStatement(
      `stageOwners:${projects.shape}`,
      [read],
      () => `SELECT ${read.select()} FROM partners
        WHERE organisation_id = $1
          AND id IN (SELECT owner_partner_id FROM stages WHERE organisation_id = $1 AND project_id = ANY(${projects.ids}))`,
    );
    return read.toEntities<Partner>(await db.read(owners, projects.values));
  }

  /**
   * Reads the partners that own a stage of the given projects (keyed by project UUID; one
   * statement per batch) into {@link partnerById}, which then answers `Stage.owner` without a
   * round trip: for a selection that will ask the stages their owner, loaded alongside the
   * stages themselves. Resolves to nothing.
   */
  const stageOwnersOfProject = new DataLoader<string, void>(async (projectIds) => {
    for (const partner of await readStageOwners(parentsOf(db, projectIds))) partnerById.prime(partner.id, partner);
    return projectIds.map(() => undefined);
  });

  return {
    partnerById,
    representativesOfPartner: childrenLoader(db, Representative, 'partnerId', { createdAt: 'ASC', id: 'ASC' }),
    stageOwnersOfProject,
    /**
     * {@link stageOwnersOfProject} for a whole page of projects, read with the page (see
     * ProjectPageSql): primes {@link partnerById} with the owners, and stageOwnersOfProject as done
     * for every project of the page, so `Project.stages` then sends nothing for its owners.
     */
    async stageOwnersOfPage(page: ProjectPageSql): Promise<PrimePage> {
      const partners = await readStageOwners(page);
      return (projectIds) => {
        for (const partner of partners) partnerById.prime(partner.id, partner);
        for (const projectId of projectIds) stageOwnersOfProject.prime(projectId, undefined);
      };
    },
  };
}
