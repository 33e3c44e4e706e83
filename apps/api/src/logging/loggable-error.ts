/**
 * The `err` serializer of every logger (logging/logger.ts): what of an error may reach the logs
 * is its type, message, code and stack. Never the rest: a TypeORM QueryFailedError carries the
 * query's parameters (a contact message, an e-mail address, a password hash) and PostgreSQL's
 * `detail` repeats key values.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: errorType(error),
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: error.stack,
  };
}

/** The most specific name an error carries (TypeORM's errors report `Object` as their name). */
function errorType(error: Error): string {
  const candidates = [error.constructor.name, error.name, /^(\w+)/.exec(error.stack ?? '')?.[1]];
  return candidates.find((name) => name && name !== 'Object' && name !== 'Error') ?? error.name;
}
