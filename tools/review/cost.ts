/**
 * The monthly cost of the environment before and after the change, from tools/cost (its estimate
 * of each synth and its line-by-line diff): the review adds no estimator of its own.
 */
import { resolveAssumptions } from '../cost/assumptions';
import { diffEstimates } from '../cost/diff';
import { estimate, type Estimate } from '../cost/estimate';
import { PriceTable } from '../cost/price-table';
import { readSynthOutput } from '../cost/synth-output';

export interface CostChange {
  readonly environment: string;
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly stacks: ReadonlyArray<{ stack: string; beforeUsd: number; afterUsd: number }>;
  /** The lines that changed, largest change first. */
  readonly lines: ReadonlyArray<{
    stack: string;
    line: string;
    beforeUsd: number;
    afterUsd: number;
  }>;
  /** Resources the after synth adds that tools/cost does not price. */
  readonly newlyUnpriced: ReadonlyArray<{ stack: string; address: string; reason: string }>;
}

function only(environment: string, full: Estimate): Estimate {
  return { ...full, environments: full.environments.filter((e) => e.environment === environment) };
}

/**
 * Prices both synths with tools/cost's price table and its assumptions (the defaults, with any
 * COST_* overrides in `env`, as `make cost` reads them). A synth folder without the environment
 * costs 0 for it.
 */
export function costChange(
  baseDir: string,
  headDir: string,
  environment: string,
  env: NodeJS.ProcessEnv = process.env,
): CostChange {
  const prices = PriceTable.load();
  const assumptions = resolveAssumptions([], env);
  const before = only(environment, estimate(readSynthOutput(baseDir), prices, assumptions));
  const after = only(environment, estimate(readSynthOutput(headDir), prices, assumptions));
  const diff = diffEstimates(before, after);
  const total = (e: Estimate) => e.environments.reduce((sum, x) => sum + x.monthlyUsd, 0);
  const perStack = (e: Estimate) =>
    new Map(e.environments.flatMap((x) => x.stacks.map((s) => [s.stack, s.monthlyUsd] as const)));
  const a = perStack(before);
  const b = perStack(after);
  return {
    environment,
    beforeUsd: total(before),
    afterUsd: total(after),
    stacks: [...new Set([...a.keys(), ...b.keys()])]
      .sort()
      .map((stack) => ({ stack, beforeUsd: a.get(stack) ?? 0, afterUsd: b.get(stack) ?? 0 })),
    lines: diff.lines.map(({ stack, line, beforeUsd, afterUsd }) => ({
      stack,
      line,
      beforeUsd,
      afterUsd,
    })),
    newlyUnpriced: diff.newlyUnpriced,
  };
}
