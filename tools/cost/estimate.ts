/** The monthly estimate of a synth output: every stack's lines, per stack and per environment. */
import type { Assumptions } from './assumptions';
import type { PriceTable } from './price-table';
import { FREE_TYPES, PRICED_TYPES, UNPRICED_TYPES } from './resource-types';
import { priceCompute } from './rules/compute';
import { priceData } from './rules/data';
import { priceEdge } from './rules/edge';
import { priceHttpApi } from './rules/http-api';
import { priceNetwork } from './rules/network';
import { priceObservability } from './rules/observability';
import { StackPricing, type CostLine, type UnpricedItem } from './stack-pricing';
import type { SynthStack } from './synth-output';

export interface StackEstimate {
  readonly stack: string;
  readonly environment: string;
  readonly region: string;
  readonly monthlyUsd: number;
  readonly lines: readonly CostLine[];
  readonly unpriced: readonly UnpricedItem[];
  /** Resources of free types, by type. */
  readonly free: Readonly<Record<string, number>>;
}

export interface EnvironmentEstimate {
  readonly environment: string;
  readonly monthlyUsd: number;
  readonly stacks: readonly StackEstimate[];
}

export interface Estimate {
  readonly assumptions: Assumptions;
  readonly environments: readonly EnvironmentEstimate[];
}

const RULES = [priceNetwork, priceCompute, priceHttpApi, priceData, priceEdge, priceObservability];

export function estimateStack(
  stack: SynthStack,
  prices: PriceTable,
  assumptions: Assumptions,
): StackEstimate {
  const pricing = new StackPricing(stack, prices, assumptions);
  for (const rule of RULES) rule(pricing);
  const free: Record<string, number> = {};
  for (const [type, blocks] of Object.entries(stack.json.resource ?? {})) {
    if (PRICED_TYPES.has(type)) continue;
    if (type in FREE_TYPES) {
      free[type] = Object.keys(blocks).length;
      continue;
    }
    for (const name of Object.keys(blocks)) {
      pricing.markUnpriced(
        `${type}.${name}`,
        UNPRICED_TYPES[type] ??
          'no pricing rule for this type: add one to tools/cost/rules or list it in tools/cost/resource-types.ts',
      );
    }
  }
  return {
    stack: stack.stack,
    environment: stack.environment,
    region: stack.region,
    monthlyUsd: sum(pricing.lines),
    lines: pricing.lines,
    unpriced: pricing.unpriced,
    free,
  };
}

export function estimate(
  stacks: readonly SynthStack[],
  prices: PriceTable,
  assumptions: Assumptions,
): Estimate {
  const byEnvironment = new Map<string, StackEstimate[]>();
  for (const stack of stacks) {
    const result = estimateStack(stack, prices, assumptions);
    byEnvironment.set(stack.environment, [...(byEnvironment.get(stack.environment) ?? []), result]);
  }
  return {
    assumptions,
    environments: [...byEnvironment].map(([environment, results]) => ({
      environment,
      monthlyUsd: results.reduce((total, s) => total + s.monthlyUsd, 0),
      stacks: results,
    })),
  };
}

function sum(lines: readonly CostLine[]): number {
  return lines.reduce((total, line) => total + line.monthlyUsd, 0);
}

/** Every line of an environment, dearest first. */
export function largestLines(environment: EnvironmentEstimate): CostLine[] {
  return environment.stacks.flatMap((s) => s.lines).sort((a, b) => b.monthlyUsd - a.monthlyUsd);
}
