import { AppError, BadInputError } from '../errors';

/**
 * Archived records keep their history but are not used in new records: naming one (as a partner
 * to involve, a principle to agree, a measure to measure...) is BAD_USER_INPUT on `field` until
 * it is restored.
 */
export function assertCurrent(row: { archivedAt: Date | null } | null | undefined, what: string, field: string): void {
  if (row?.archivedAt) throw new BadInputError(`This ${what} is archived: restore it before using it in a new record`, field);
}

/**
 * An archived project is read-only until it is restored, with everything it holds (its plan,
 * partners, principles, agreements, challenges and evaluations): a write is INVALID_TRANSITION
 * with `extensions.archived`, as a write to a COMPLETED or CANCELLED project's plan is. Every
 * write path checks it where it locks the project (or the evaluation or challenge under it).
 */
export function assertProjectNotArchived(project: { archivedAt: Date | null }): void {
  if (project.archivedAt) throw new AppError('INVALID_TRANSITION', 'The project is archived: restore it before changing it or anything it holds', { archived: true });
}
