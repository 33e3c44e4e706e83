/** The estimate for people (fixed-width tables) and for machines (JSON). */
import { describeAssumptions } from './assumptions';
import type { Estimate } from './estimate';
import type { PriceTable } from './price-table';

export function usd(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A fixed-width table: left-aligned text, right-aligned columns named in `right`. */
export function textTable(
  rows: ReadonlyArray<readonly string[]>,
  right: ReadonlySet<number>,
): string[] {
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(...rows.map((row) => [...(row[c] ?? '')].length)),
  );
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const fill = ' '.repeat((widths[c] ?? 0) - [...cell].length);
        return right.has(c) ? fill + cell : cell + fill;
      })
      .join('  ')
      .trimEnd(),
  );
}

export function formatEstimate(result: Estimate, prices: PriceTable): string[] {
  const out: string[] = [];
  for (const env of result.environments) {
    out.push(`${env.environment}: ${usd(env.monthlyUsd)} USD/month`);
    const rows: string[][] = [['  stack', 'line', 'USD/month', 'how']];
    for (const stack of env.stacks) {
      rows.push([`  ${stack.stack}`, 'total', usd(stack.monthlyUsd), '']);
      for (const line of [...stack.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd)) {
        rows.push(['', `${line.category}: ${line.item}`, usd(line.monthlyUsd), line.detail]);
      }
    }
    out.push(...textTable(rows, new Set([2])), '');
    const unpriced = env.stacks.flatMap((s) => s.unpriced);
    if (unpriced.length > 0) {
      out.push(`  not priced in ${env.environment} (not counted in the total):`);
      for (const item of unpriced) out.push(`    ${item.stack} ${item.address}: ${item.reason}`);
      out.push('');
    }
  }
  out.push('assumptions (--set name=value or COST_<NAME>=value to change):');
  out.push(
    ...textTable(
      describeAssumptions(result.assumptions).map((a) => [
        `  ${a.name}`,
        a.value,
        a.overridden ? `${a.describe} (set)` : a.describe,
      ]),
      new Set([1]),
    ),
  );
  out.push(
    `prices: ${prices.file} (written ${prices.json.written}; on-demand list prices, no free tier; see decision 0021)`,
  );
  return out;
}

export function estimateJson(result: Estimate, prices: PriceTable): object {
  return {
    currency: 'USD',
    prices: {
      file: 'tools/cost/prices.json',
      written: prices.json.written,
      note: prices.json.note,
    },
    assumptions: result.assumptions,
    environments: result.environments.map((env) => ({
      environment: env.environment,
      monthlyUsd: round(env.monthlyUsd),
      stacks: env.stacks.map((s) => ({
        stack: s.stack,
        region: s.region,
        monthlyUsd: round(s.monthlyUsd),
        lines: s.lines.map((l) => ({ ...l, unitUsd: l.unitUsd, monthlyUsd: round(l.monthlyUsd) })),
        unpriced: s.unpriced,
        free: s.free,
      })),
    })),
  };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
