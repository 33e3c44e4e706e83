import { QueryFailedError } from 'typeorm';

/**
 * True for PostgreSQL's unique_violation (23505). Callers insert and map this to 409 rather than
 * check first: a check-then-insert races with a concurrent request.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '23505'
  );
}
