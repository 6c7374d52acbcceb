/** SQLSTATE of a driver error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** 23505: a unique constraint refused the row. */
export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';

/** 23503: a foreign key pointed at nothing (in this organisation: keys are composite). */
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503';

/** 26000 "prepared statement does not exist", 42P05 "already exists": what a pooler that shares sessions does to named statements. */
export function isNamedStatementFailure(error: unknown): boolean {
  const state = sqlState(error);
  return state === '26000' || state === '42P05';
}
