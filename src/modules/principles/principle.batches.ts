import { tenantOf } from '../../db/entity-read';
import { statement } from '../../db/statement';
import { batched } from '../../read/batched';

const OUTDATED_AGREEMENTS = statement(
  `SELECT a.principle_id, count(*)::int AS outdated
     FROM agreements a
     JOIN principles p ON p.organisation_id = a.organisation_id AND p.id = a.principle_id
    WHERE a.organisation_id = $1 AND a.principle_id = ANY($2::uuid[]) AND a.principle_version < p.version
    GROUP BY a.principle_id`,
);

/**
 * How many agreements were given to an earlier wording of each principle (by principle id): they
 * stop counting until given again. One aggregate for every principle asked about.
 */
export const outdatedAgreementsOfPrinciple = batched<string, number>('Principle.outdatedAgreements', async (_read, db, principleIds) => {
  const rows = await db.read<{ principle_id: string; outdated: number }>(OUTDATED_AGREEMENTS, [tenantOf(db), [...principleIds]]);
  const byPrinciple = new Map(rows.map((row) => [row.principle_id, row.outdated]));
  return principleIds.map((id) => byPrinciple.get(id) ?? 0);
});
