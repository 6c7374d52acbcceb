import { BadInputError } from '../errors';

/**
 * Archived records keep their history but are not used in new records: naming one (as a partner
 * to involve, a principle to agree, a measure to measure...) is BAD_USER_INPUT on `field` until
 * it is restored.
 */
export function assertCurrent(row: { archivedAt: Date | null } | null | undefined, what: string, field: string): void {
  if (row?.archivedAt) throw new BadInputError(`This ${what} is archived: restore it before using it in a new record`, field);
}
