import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { justifyCheck } from './justify-check';

/** CKV_AWS_338 asks for a year of retention (or none, 0 = never expire). */
const ONE_YEAR_DAYS = 365;

/**
 * Justifies CKV_AWS_338 (log retention of at least a year) as `cost` on a log group whose
 * retention is shorter, and does nothing otherwise. Production profiles keep logs a year, so the
 * audit refuses this justification there.
 */
export function justifyShortLogRetention(
  logGroup: CloudwatchLogGroup,
  retentionDays: number,
): void {
  if (retentionDays === 0 || retentionDays >= ONE_YEAR_DAYS) return;
  justifyCheck(logGroup, {
    check: 'CKV_AWS_338',
    because: 'cost',
    reason: `Kept ${retentionDays} days, not a year: a non-production profile keeps logs short to save storage (a retention is still set, CKV_AWS_66)`,
  });
}
