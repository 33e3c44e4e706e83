import type { MessagePropertyHeaders } from 'amqplib';

/** The header carrying the attempt number of the delivery; absent on the first. */
export const ATTEMPT_HEADER = 'x-attempt';
/** Why a message was dead-lettered (or, on a retry, why the previous attempt failed). */
export const LAST_ERROR_HEADER = 'x-last-error';

export type NextStep =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly attempt: number }
  | { readonly kind: 'dead-letter' };

/**
 * After attempt `attempt` failed: wait `delaysMs[attempt - 1]` and try again, or give up when
 * every delay has been used (`delaysMs.length + 1` attempts in all).
 */
export function afterFailure(attempt: number, delaysMs: readonly number[]): NextStep {
  const delayMs = attempt >= 1 ? delaysMs[attempt - 1] : undefined;
  if (delayMs !== undefined) return { kind: 'retry', delayMs, attempt: attempt + 1 };
  return { kind: 'dead-letter' };
}

/** The attempt number a delivery carries; 1 when the header is missing or nonsense. */
export function attemptOf(headers: MessagePropertyHeaders | undefined): number {
  const value = Number(headers?.[ATTEMPT_HEADER]);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * The headers a republished copy keeps: the broker's own dead-lettering history (x-death and
 * friends, added each time a message passes through a retry queue) is dropped so it cannot grow.
 */
const BROKER_HEADER = /^x-(death|first-death-|last-death-|delivery-count)/;

export function republishedHeaders(
  headers: MessagePropertyHeaders | undefined,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => !BROKER_HEADER.test(name));
  return { ...Object.fromEntries(kept), ...extra };
}
