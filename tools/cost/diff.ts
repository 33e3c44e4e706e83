/** What a change costs: two estimates compared line by line (`make cost` with --diff). */
import type { Estimate } from './estimate';
import { round, textTable, usd } from './report';

export interface LineChange {
  readonly environment: string;
  readonly stack: string;
  /** `category: item`. */
  readonly line: string;
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly deltaUsd: number;
}

export interface CostDiff {
  readonly environments: ReadonlyArray<{
    environment: string;
    beforeUsd: number;
    afterUsd: number;
    deltaUsd: number;
  }>;
  readonly stacks: ReadonlyArray<{
    environment: string;
    stack: string;
    beforeUsd: number;
    afterUsd: number;
    deltaUsd: number;
  }>;
  readonly lines: readonly LineChange[];
  /** Unpriced resources only the second estimate has: a change whose cost this diff cannot show. */
  readonly newlyUnpriced: ReadonlyArray<{ stack: string; address: string; reason: string }>;
}

/** Changes below half a cent are rounding, not a change. */
const EPSILON = 0.005;

export function diffEstimates(before: Estimate, after: Estimate): CostDiff {
  const lineTotals = (estimate: Estimate) => {
    const totals = new Map<
      string,
      { environment: string; stack: string; line: string; usd: number }
    >();
    for (const env of estimate.environments)
      for (const stack of env.stacks)
        for (const line of stack.lines) {
          const name = `${line.category}: ${line.item}`;
          const key = `${stack.stack}\u0000${name}`;
          const known = totals.get(key);
          totals.set(key, {
            environment: env.environment,
            stack: stack.stack,
            line: name,
            usd: (known?.usd ?? 0) + line.monthlyUsd,
          });
        }
    return totals;
  };
  const a = lineTotals(before);
  const b = lineTotals(after);
  const lines: LineChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key);
    const to = b.get(key);
    const known = (to ?? from)!;
    const beforeUsd = from?.usd ?? 0;
    const afterUsd = to?.usd ?? 0;
    if (Math.abs(afterUsd - beforeUsd) >= EPSILON) {
      lines.push({
        environment: known.environment,
        stack: known.stack,
        line: known.line,
        beforeUsd,
        afterUsd,
        deltaUsd: afterUsd - beforeUsd,
      });
    }
  }
  lines.sort((x, y) => Math.abs(y.deltaUsd) - Math.abs(x.deltaUsd));

  const totals = (estimate: Estimate) => {
    const envs = new Map<string, number>();
    const stacks = new Map<string, { environment: string; usd: number }>();
    for (const env of estimate.environments) {
      envs.set(env.environment, env.monthlyUsd);
      for (const s of env.stacks)
        stacks.set(s.stack, { environment: env.environment, usd: s.monthlyUsd });
    }
    return { envs, stacks };
  };
  const ta = totals(before);
  const tb = totals(after);
  const environments = [...new Set([...ta.envs.keys(), ...tb.envs.keys()])]
    .map((environment) => {
      const beforeUsd = ta.envs.get(environment) ?? 0;
      const afterUsd = tb.envs.get(environment) ?? 0;
      return { environment, beforeUsd, afterUsd, deltaUsd: afterUsd - beforeUsd };
    })
    .filter((e) => Math.abs(e.deltaUsd) >= EPSILON);
  const stacks = [...new Set([...ta.stacks.keys(), ...tb.stacks.keys()])]
    .map((stack) => {
      const beforeUsd = ta.stacks.get(stack)?.usd ?? 0;
      const afterUsd = tb.stacks.get(stack)?.usd ?? 0;
      const environment = (tb.stacks.get(stack) ?? ta.stacks.get(stack))!.environment;
      return { environment, stack, beforeUsd, afterUsd, deltaUsd: afterUsd - beforeUsd };
    })
    .filter((s) => Math.abs(s.deltaUsd) >= EPSILON);
  const unpricedBefore = new Set(
    before.environments.flatMap((e) =>
      e.stacks.flatMap((s) => s.unpriced.map((u) => `${s.stack} ${u.address} ${u.reason}`)),
    ),
  );
  const newlyUnpriced = after.environments.flatMap((e) =>
    e.stacks.flatMap((s) =>
      s.unpriced
        .filter((u) => !unpricedBefore.has(`${s.stack} ${u.address} ${u.reason}`))
        .map((u) => ({ stack: s.stack, address: u.address, reason: u.reason })),
    ),
  );
  return { environments, stacks, lines, newlyUnpriced };
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${usd(Math.abs(value))}`;

export function formatDiff(diff: CostDiff): string[] {
  if (diff.lines.length === 0 && diff.newlyUnpriced.length === 0)
    return ['cost: no change to the monthly estimate'];
  const out: string[] = [];
  const rows: string[][] = [['environment / stack / line', 'before', 'after', 'change']];
  for (const env of diff.environments) {
    rows.push([env.environment, usd(env.beforeUsd), usd(env.afterUsd), signed(env.deltaUsd)]);
    for (const stack of diff.stacks.filter((s) => s.environment === env.environment)) {
      rows.push([
        `  ${stack.stack}`,
        usd(stack.beforeUsd),
        usd(stack.afterUsd),
        signed(stack.deltaUsd),
      ]);
      for (const line of diff.lines.filter((l) => l.stack === stack.stack)) {
        rows.push([
          `    ${line.line}`,
          usd(line.beforeUsd),
          usd(line.afterUsd),
          signed(line.deltaUsd),
        ]);
      }
    }
  }
  out.push(...textTable(rows, new Set([1, 2, 3])));
  for (const item of diff.newlyUnpriced)
    out.push(`not priced (new): ${item.stack} ${item.address}: ${item.reason}`);
  return out;
}

export function diffJson(diff: CostDiff): object {
  const r = <T extends { beforeUsd: number; afterUsd: number; deltaUsd: number }>(x: T) => ({
    ...x,
    beforeUsd: round(x.beforeUsd),
    afterUsd: round(x.afterUsd),
    deltaUsd: round(x.deltaUsd),
  });
  return {
    currency: 'USD',
    environments: diff.environments.map(r),
    stacks: diff.stacks.map(r),
    lines: diff.lines.map(r),
    newlyUnpriced: diff.newlyUnpriced,
  };
}
