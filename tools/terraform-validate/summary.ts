/** How one step of one stack went. */
export type StepOutcome =
  | { readonly status: 'ok'; readonly seconds: number; readonly note?: string }
  | { readonly status: 'failed'; readonly seconds?: number; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

/** `replan`: a plan right after apply must find nothing to change. */
export const STEPS = ['validate', 'plan', 'apply', 'replan', 'destroy'] as const;
export type Step = (typeof STEPS)[number];

export interface StackReport {
  readonly stack: string;
  readonly steps: Partial<Record<Step, StepOutcome>>;
  /** Resource instances in state after apply (for_each and count expanded); planned adds otherwise. */
  readonly resources?: number;
  readonly resourcesFrom?: 'state' | 'plan';
}

function cell(outcome: StepOutcome | undefined): string {
  if (!outcome) return '-';
  switch (outcome.status) {
    case 'ok':
      return `ok ${outcome.seconds.toFixed(1)}s`;
    case 'failed':
      return 'FAILED';
    case 'skipped':
      return 'skip';
  }
}

export function failures(reports: readonly StackReport[]): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    for (const step of STEPS) {
      const outcome = report.steps[step];
      if (outcome?.status === 'failed') lines.push(`${report.stack} ${step}: ${outcome.reason}`);
    }
  }
  return lines;
}

/** The closing table: one row per stack, then why anything was skipped or failed. */
export function formatSummary(reports: readonly StackReport[]): string[] {
  const header = ['stack', ...STEPS, 'resources'];
  const rows = reports.map((report) => [
    report.stack,
    ...STEPS.map((step) => cell(report.steps[step])),
    report.resources === undefined
      ? '-'
      : `${report.resources}${report.resourcesFrom === 'plan' ? ' (plan)' : ''}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];

  const skipped = new Map<string, string[]>();
  for (const report of reports) {
    for (const step of STEPS) {
      const outcome = report.steps[step];
      if (outcome?.status !== 'skipped') continue;
      const stacks = skipped.get(`${step}: ${outcome.reason}`) ?? [];
      stacks.push(report.stack);
      skipped.set(`${step}: ${outcome.reason}`, stacks);
    }
  }
  for (const [why, stacks] of skipped) out.push(`  skipped ${why} (${stacks.join(', ')})`);
  for (const report of reports) {
    for (const step of STEPS) {
      const outcome = report.steps[step];
      if (outcome?.status === 'ok' && outcome.note)
        out.push(`  note ${report.stack} ${step}: ${outcome.note}`);
    }
  }
  for (const failure of failures(reports)) out.push(`  FAILED ${failure}`);
  return out;
}
