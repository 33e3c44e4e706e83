/** What `node dist/redrive.js` was asked to do. */
export interface RedriveOptions {
  /**
   * At most this many messages; by default as many as the dead-letter queue held at the start, so
   * a message that fails again during the run (and comes back) is not moved a second time.
   */
  readonly limit?: number;
  /** Only print what would move; every message stays where it is, in the same order. */
  readonly dryRun: boolean;
}

export const REDRIVE_USAGE = 'usage: node dist/redrive.js [--limit N] [--dry-run]';

/** A command line the redrive command cannot run with; the message names the argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads the arguments after `node dist/redrive.js`; throws UsageError on anything else. */
export function parseRedriveArguments(args: readonly string[]): RedriveOptions {
  let limit: number | undefined;
  let dryRun = false;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index] ?? '';
    if (argument === '--dry-run') {
      if (dryRun) throw new UsageError('--dry-run is given twice');
      dryRun = true;
    } else if (argument === '--limit' || argument.startsWith('--limit=')) {
      if (limit !== undefined) throw new UsageError('--limit is given twice');
      const value = argument === '--limit' ? args[(index += 1)] : argument.slice('--limit='.length);
      limit = positiveInteger(value);
    } else if (argument.startsWith('--dry-run=')) {
      throw new UsageError('--dry-run takes no value');
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(argument)}`);
    }
  }
  return { limit, dryRun };
}

function positiveInteger(value: string | undefined): number {
  if (value === undefined || value === '') {
    throw new UsageError('--limit needs a number of messages, e.g. --limit 10');
  }
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(
      `--limit must be a whole number of messages, 1 or more (got ${JSON.stringify(value)})`,
    );
  }
  return number;
}
