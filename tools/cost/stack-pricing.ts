/**
 * What a pricing rule works with: one stack's resources, the price table and the assumptions, and
 * the lines and unpriced items it records. A price the table lacks makes the resource unpriced,
 * with the key and region it looked for: never a silent zero.
 */
import type { Assumptions } from './assumptions';
import type { PriceTable } from './price-table';
import type { Body, SynthStack } from './synth-output';

export interface CostLine {
  readonly stack: string;
  readonly environment: string;
  /** What AWS bills: `NAT gateway`, `Fargate`, `RDS PostgreSQL`. */
  readonly category: string;
  /** Which part: `hours`, `api vCPU`, `storage`. With the category, unique in a stack. */
  readonly item: string;
  /** How the quantity came about, for people: `3 gateways × 730 h`. */
  readonly detail: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  /** The price table key ('' for a line that costs nothing by AWS's rules, said in detail). */
  readonly priceKey: string;
  readonly addresses: readonly string[];
}

export interface UnpricedItem {
  readonly stack: string;
  readonly environment: string;
  readonly address: string;
  readonly type: string;
  readonly reason: string;
}

export interface Resource {
  readonly type: string;
  readonly name: string;
  /** The Terraform address: `aws_nat_gateway.network_nat-1_ABC`. */
  readonly address: string;
  readonly body: Body;
}

export interface Charge {
  readonly category: string;
  readonly item: string;
  readonly detail: string;
  readonly quantity: number;
  readonly priceKey: string;
  readonly addresses: readonly string[];
  /** Multiplies the listed price (Spot discount, Multi-AZ); say why in detail. @default 1 */
  readonly factor?: number;
  /** @default the stack's region */
  readonly region?: string;
}

export class StackPricing {
  readonly lines: CostLine[] = [];
  readonly unpriced: UnpricedItem[] = [];
  private readonly providerRegions = new Map<string, string>();

  constructor(
    readonly stack: SynthStack,
    readonly prices: PriceTable,
    readonly assumptions: Assumptions,
  ) {
    for (const provider of stack.json.provider?.aws ?? []) {
      if (provider.alias && provider.region)
        this.providerRegions.set(`aws.${provider.alias}`, provider.region);
    }
  }

  get hours(): number {
    return this.assumptions.hoursPerMonth;
  }

  resources(type: string): Resource[] {
    return Object.entries(this.stack.json.resource?.[type] ?? {}).map(([name, body]) => ({
      type,
      name,
      address: `${type}.${name}`,
      body,
    }));
  }

  /** The region a resource lives in: its provider alias's, else the stack's. */
  regionOf(resource: Resource): string {
    const provider = resource.body.provider;
    return (
      (typeof provider === 'string' && this.providerRegions.get(provider)) || this.stack.region
    );
  }

  /** The resource another resource's attribute points at (`${aws_x.name.arn}`), if in this stack. */
  referenced(value: unknown, type: string): Resource | undefined {
    if (typeof value !== 'string') return undefined;
    const match = new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(value);
    if (!match) return undefined;
    return this.resources(type).find((r) => r.name === match[1]);
  }

  charge(charge: Charge): void {
    const region = charge.region ?? this.stack.region;
    const price = this.prices.get(region, charge.priceKey);
    if (!price) {
      for (const address of charge.addresses) {
        this.markUnpriced(
          address,
          `${charge.category} ${charge.item}: tools/cost/prices.json has no "${charge.priceKey}" for ${region} (nor globally); add it with its source`,
        );
      }
      return;
    }
    const unitUsd = price.usd * (charge.factor ?? 1);
    this.lines.push({
      stack: this.stack.stack,
      environment: this.stack.environment,
      category: charge.category,
      item: charge.item,
      detail: charge.detail,
      quantity: charge.quantity,
      unit: price.unit,
      unitUsd,
      monthlyUsd: charge.quantity * unitUsd,
      priceKey: charge.priceKey,
      addresses: charge.addresses,
    });
  }

  /** A line AWS bills nothing for under the stated condition: shown, so the zero is a claim, not a gap. */
  noCharge(category: string, item: string, detail: string, addresses: readonly string[]): void {
    this.lines.push({
      stack: this.stack.stack,
      environment: this.stack.environment,
      category,
      item,
      detail,
      quantity: 0,
      unit: '',
      unitUsd: 0,
      monthlyUsd: 0,
      priceKey: '',
      addresses,
    });
  }

  markUnpriced(address: string, reason: string): void {
    this.unpriced.push({
      stack: this.stack.stack,
      environment: this.stack.environment,
      address,
      type: address.slice(0, address.indexOf('.')),
      reason,
    });
  }
}

/** `3` → `3`, `0.25` → `0.25`, `1234567` → `1,234,567`. */
export function amount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${amount(count)} ${count === 1 ? one : many}`;
}

/** A scalar attribute as text (`"512"`, `512` and `true` alike), else the fallback. */
export function text(body: Body, key: string, fallback = ''): string {
  const value = body[key];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;
}
