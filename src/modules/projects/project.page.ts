import type { ParentsSql } from '../../db/tenant-loaders';

/**
 * One page of the organisation's projects as SQL, for reading what hangs off its projects in the
 * page's own round trip (keyed to the page itself, before its ids are known): `ids` is
 * `ARRAY(SELECT id FROM projects WHERE <the page's conditions> ...)` over the page's own values.
 */
export type ProjectPageSql = ParentsSql;

/**
 * What a read keyed to a page resolves to, once its rows are in: primes the per-project loaders
 * for each of the page's projects (given once the page is read too), with [] for those that have
 * none. Priming never overwrites what a loader already holds.
 */
export type PrimePage = (projectIds: readonly string[]) => void;

/** What a page's nodes will be asked that can be read with the page (see listProjects). */
export interface ProjectsReadAhead {
  readonly stages: boolean;
  /** The stages' owners (implies stages). */
  readonly owners: boolean;
  readonly evaluations: boolean;
  /** The evaluations' measures, with their latest measurements (implies evaluations). */
  readonly measures: boolean;
}

export const NOTHING_AHEAD: ProjectsReadAhead = { stages: false, owners: false, evaluations: false, measures: false };
