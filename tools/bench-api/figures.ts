/**
 * What `make bench-api` reports: per route and side (the current build, and a baseline when
 * BASELINE is given), the mean of its alternating runs, the ratio current/baseline, and issue 15's
 * targets checked against them.
 */

/** One autocannon run of one route against one API. */
export interface RunFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Outbox rows still unpublished when the run ended (POST /contact only). */
  readonly outboxPendingAfter?: number;
}

/** A route's runs on one side, and their means. */
export interface SideFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly runs: readonly RunFigures[];
}

export interface RouteFigures {
  readonly scenario: string;
  readonly current: SideFigures;
  readonly baseline?: SideFigures;
  /** current req/s ÷ baseline req/s. */
  readonly ratio?: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const mean = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Means over runs (req/s rounded to 1, latencies to 0.1 ms); errors and non-2xx summed. */
export function summarize(runs: readonly RunFigures[]): SideFigures {
  return {
    requestsPerSecond: Math.round(mean(runs.map((run) => run.requestsPerSecond))),
    p50Ms: round1(mean(runs.map((run) => run.p50Ms))),
    p99Ms: round1(mean(runs.map((run) => run.p99Ms))),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    runs,
  };
}

export function routeFigures(
  scenario: string,
  current: readonly RunFigures[],
  baseline?: readonly RunFigures[],
): RouteFigures {
  const mine = summarize(current);
  if (baseline === undefined) return { scenario, current: mine };
  const theirs = summarize(baseline);
  return {
    scenario,
    current: mine,
    baseline: theirs,
    ratio:
      theirs.requestsPerSecond > 0
        ? Math.round((mine.requestsPerSecond / theirs.requestsPerSecond) * 100) / 100
        : undefined,
  };
}

export const SCENARIOS = {
  hello: 'GET /hello',
  projects: 'GET /projects (cached)',
  contact: 'POST /contact',
} as const;

/**
 * Issue 15's targets: /hello at least 1.3× the baseline, cached /projects at least 0.8 of /hello,
 * /contact at least 1.5× the baseline, p99 under 20 ms on the reads. Only those the routes measured
 * allow are checked.
 */
export function checkTargets(routes: readonly RouteFigures[]): TargetCheck[] {
  const find = (scenario: string) => routes.find((route) => route.scenario === scenario);
  const hello = find(SCENARIOS.hello);
  const projects = find(SCENARIOS.projects);
  const contact = find(SCENARIOS.contact);
  const checks: TargetCheck[] = [];
  if (hello?.ratio !== undefined) {
    checks.push({
      target: '/hello ≥ 1.3 × baseline',
      measured: `${hello.ratio.toFixed(2)} ×`,
      met: hello.ratio >= 1.3,
    });
  }
  if (hello && projects) {
    const share = projects.current.requestsPerSecond / Math.max(1, hello.current.requestsPerSecond);
    checks.push({
      target: 'cached /projects ≥ 0.8 × /hello',
      measured: `${share.toFixed(2)} ×`,
      met: share >= 0.8,
    });
  }
  if (contact?.ratio !== undefined) {
    checks.push({
      target: '/contact ≥ 1.5 × baseline',
      measured: `${contact.ratio.toFixed(2)} ×`,
      met: contact.ratio >= 1.5,
    });
  }
  for (const read of [hello, projects]) {
    if (!read) continue;
    checks.push({
      target: `${read.scenario} p99 < 20 ms`,
      measured: `${read.current.p99Ms} ms`,
      met: read.current.p99Ms < 20,
    });
  }
  return checks;
}

const perRun = (side: SideFigures): string =>
  side.runs.map((run) => Math.round(run.requestsPerSecond)).join(' / ');

/** The Markdown table printed at the end (and pasted into docs/benchmarks.md). */
export function formatTable(routes: readonly RouteFigures[]): string[] {
  const withBaseline = routes.some((route) => route.baseline !== undefined);
  if (!withBaseline) {
    return [
      '| scenario | req/s | p50 ms | p99 ms | non-2xx | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...routes.map(
        ({ scenario, current: c }) =>
          `| ${scenario} | ${c.requestsPerSecond} | ${c.p50Ms} | ${c.p99Ms} | ${c.non2xx} | ${c.errors} |`,
      ),
    ];
  }
  const lines = [
    '| scenario | side | req/s (mean) | req/s per run | p50 ms | p99 ms | non-2xx | errors | current ÷ baseline |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const route of routes) {
    for (const [side, figures] of [
      ['baseline', route.baseline],
      ['current', route.current],
    ] as const) {
      if (!figures) continue;
      const ratio =
        side === 'current' && route.ratio !== undefined ? `${route.ratio.toFixed(2)}` : '';
      lines.push(
        `| ${route.scenario} | ${side} | ${figures.requestsPerSecond} | ${perRun(figures)} | ${figures.p50Ms} | ${figures.p99Ms} | ${figures.non2xx} | ${figures.errors} | ${ratio} |`,
      );
    }
  }
  return lines;
}
