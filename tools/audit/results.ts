import { checkovAddresses, type Justification } from './justifications';

export type CheckResult = 'PASSED' | 'FAILED' | 'SKIPPED';

/** One check on one block, as checkov reports it. */
export interface CheckRecord {
  readonly checkId: string;
  readonly checkName: string;
  /** `resource.<name>`, `data.<name>` or `<type>.<name>` (see checkovAddresses). */
  readonly resource: string;
  /** Path relative to the folder checkov scanned, e.g. `/cdk.tf.json` or `/dev-app/cdk.tf.json`. */
  readonly file: string;
  readonly lines: readonly [number, number];
  readonly result: CheckResult;
  readonly comment?: string;
  readonly guideline?: string;
}

interface RawRecord {
  check_id: string;
  check_name?: string;
  check_result: { result: CheckResult; suppress_comment?: string };
  file_path: string;
  file_line_range?: [number, number];
  resource: string;
  guideline?: string | null;
}

interface RawReport {
  check_type?: string;
  results?: {
    passed_checks?: RawRecord[];
    failed_checks?: RawRecord[];
    skipped_checks?: RawRecord[];
    parsing_errors?: string[];
  };
}

/**
 * The records of a checkov `-o json` report: one report object, a list of them (several
 * frameworks), or a bare summary (nothing to scan).
 */
export function parseReport(report: unknown): { records: CheckRecord[]; parsingErrors: string[] } {
  const reports = (Array.isArray(report) ? report : [report]) as RawReport[];
  const records: CheckRecord[] = [];
  const parsingErrors: string[] = [];
  for (const { results } of reports) {
    if (!results) continue;
    parsingErrors.push(...(results.parsing_errors ?? []));
    for (const raw of [
      ...(results.passed_checks ?? []),
      ...(results.failed_checks ?? []),
      ...(results.skipped_checks ?? []),
    ]) {
      records.push({
        checkId: raw.check_id,
        checkName: raw.check_name ?? raw.check_id,
        resource: raw.resource,
        file: raw.file_path,
        lines: raw.file_line_range ?? [0, 0],
        result: raw.check_result.result,
        comment: raw.check_result.suppress_comment,
        guideline: raw.guideline ?? undefined,
      });
    }
  }
  return { records, parsingErrors };
}

/** The stack a record of a scan of `cdktf.out/stacks` belongs to: `/dev-app/cdk.tf.json` → dev-app. */
export function stackOfFile(file: string): string {
  return file.replace(/^\//, '').split('/')[0] ?? '';
}

const key = (checkId: string, resource: string) => `${checkId} ${resource}`;

/** A justification nothing needs any more, and why. */
export interface Stale {
  readonly justification: Justification;
  readonly why: string;
}

/** What one stack's audit found. */
export interface StackOutcome {
  readonly stack: string;
  readonly environment?: string;
  readonly stage?: string;
  readonly passed: number;
  /** Failures no justification covers: each fails the audit. */
  readonly failed: CheckRecord[];
  /** Failures a justification covers (reported by checkov as skipped through the baseline). */
  readonly justified: CheckRecord[];
  /** Justifications whose check no longer fails on their block: each fails the audit. */
  readonly stale: Stale[];
}

/**
 * Judges one stack from a full checkov scan (no baseline) and the stack's justifications:
 * passed checks count, failures split into justified and not, and justifications that match no
 * failure are stale.
 */
export function evaluateStack(
  stack: { name: string; environment?: string; stage?: string },
  records: readonly CheckRecord[],
  justifications: readonly Justification[],
): StackOutcome {
  const justifiedKeys = new Set(
    justifications.flatMap((j) => checkovAddresses(j).map((address) => key(j.check, address))),
  );
  const failures = records.filter((r) => r.result === 'FAILED');
  const failedKeys = new Set(failures.map((r) => key(r.checkId, r.resource)));
  const passedKeys = new Set(
    records.filter((r) => r.result === 'PASSED').map((r) => key(r.checkId, r.resource)),
  );
  const stale: Stale[] = [];
  for (const j of justifications) {
    const keys = checkovAddresses(j).map((address) => key(j.check, address));
    if (keys.some((k) => failedKeys.has(k))) continue;
    stale.push({
      justification: j,
      why: keys.some((k) => passedKeys.has(k))
        ? 'the check passes now: remove the justification'
        : 'checkov reports no such check on this block (wrong check id, or the check does not apply to it): remove or correct the justification',
    });
  }
  return {
    stack: stack.name,
    environment: stack.environment,
    stage: stack.stage,
    passed: passedKeys.size,
    failed: failures.filter((r) => !justifiedKeys.has(key(r.checkId, r.resource))),
    justified: failures.filter((r) => justifiedKeys.has(key(r.checkId, r.resource))),
    stale,
  };
}

/**
 * Differences between what the audit expects of a stack's baseline scan and what checkov
 * reported: the same failures must remain, and the justified ones must come back as skipped.
 * Empty when they agree.
 */
export function compareWithBaselineScan(
  outcome: StackOutcome,
  baselineRecords: readonly CheckRecord[],
): string[] {
  const ids = (records: readonly CheckRecord[]) =>
    new Set(records.map((r) => key(r.checkId, r.resource)));
  const failedThere = ids(baselineRecords.filter((r) => r.result === 'FAILED'));
  const skippedThere = ids(baselineRecords.filter((r) => r.result === 'SKIPPED'));
  const differences: string[] = [];
  for (const k of ids(outcome.failed)) {
    if (!failedThere.has(k)) differences.push(`${k}: expected to fail in the baseline scan`);
  }
  for (const k of failedThere) {
    if (!ids(outcome.failed).has(k)) differences.push(`${k}: failed in the baseline scan only`);
  }
  for (const k of ids(outcome.justified)) {
    if (!skippedThere.has(k)) differences.push(`${k}: expected to be skipped by the baseline`);
  }
  return differences;
}
