/**
 * The committed price table (`tools/cost/prices.json`): on-demand list prices, each with the page
 * it was taken from and when. A price missing for a region is never taken as zero: the estimate
 * lists the resource as unpriced instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** When the source page said so (`YYYY-MM`). */
  readonly asOf: string;
  /** The public page the price comes from. */
  readonly source: string;
  /** `recalled` (read from the source page at asOf) or `cross-checked` (also matches checkedAgainst). */
  readonly basis: 'recalled' | 'cross-checked';
  readonly checkedAgainst?: string;
  readonly note?: string;
}

export interface PriceTableJson {
  readonly note: string;
  readonly currency: 'USD';
  /** The day the table was written. */
  readonly written: string;
  /** Prices that differ by region, by region then key. */
  readonly regions: Readonly<Record<string, Readonly<Record<string, Price>>>>;
  /** Prices AWS sets the same in every commercial region (or for a global service). */
  readonly global: Readonly<Record<string, Price>>;
}

export const PRICES_FILE = path.join(__dirname, 'prices.json');

export class PriceTable {
  constructor(
    readonly json: PriceTableJson,
    /** Where the table was read from, for the output's last lines. */
    readonly file = 'tools/cost/prices.json',
  ) {}

  static load(file = PRICES_FILE): PriceTable {
    return new PriceTable(
      JSON.parse(readFileSync(file, 'utf8')) as PriceTableJson,
      path.relative(path.join(__dirname, '..', '..'), file),
    );
  }

  /** The regional price of `key`, else the global one; undefined when the table has neither. */
  get(region: string, key: string): Price | undefined {
    return this.json.regions[region]?.[key] ?? this.json.global[key];
  }
}
