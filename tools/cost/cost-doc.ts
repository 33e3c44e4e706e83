/**
 * `docs/cost.md`: the figures for dev in embedded data mode, dev in managed mode (one of them the
 * profile as committed, the other synthesized for the document) and prod, and
 * what dominates each, written by `make docs` between generated-section markers and checked by a
 * test against a fresh synth. The defaults of every assumption apply (never COST_* variables).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { markdownTable } from '../docs/generated-sections';
import { ASSUMPTIONS, DEFAULT_ASSUMPTIONS } from './assumptions';
import { estimate, largestLines, type EnvironmentEstimate } from './estimate';
import type { PriceTable } from './price-table';
import { usd } from './report';
import { readSynthOutput } from './synth-output';

/** The documents with cost sections: the full document, and the README's summary table. */
export const COST_DOCUMENTS = ['docs/cost.md', 'README.md'] as const;
const root = path.join(__dirname, '..', '..');
/** Lines shown per environment in the document: enough to cover what dominates. */
const TOP_LINES = 8;

/** A dev synth with embedded data has no RDS instance; one with managed data has one. */
export function devDataMode(outdir: string): 'managed' | 'embedded' {
  const dev = readSynthOutput(outdir).filter((s) => s.environment === 'dev');
  if (dev.length === 0)
    throw new Error(
      `${outdir} has no dev stacks: synthesize every environment (make synth without ENV)`,
    );
  return dev.some((s) => s.json.resource?.aws_db_instance) ? 'managed' : 'embedded';
}

/**
 * Synthesizes dev in the data mode its committed profile does not use (read from the committed
 * synth in `outdir`) into a temporary folder, so the document shows both.
 */
export function synthOtherDevMode(outdir: string): {
  outdir: string;
  mode: 'managed' | 'embedded';
  remove: () => void;
} {
  const mode = devDataMode(outdir) === 'managed' ? 'embedded' : 'managed';
  const other = mkdtempSync(path.join(tmpdir(), `cost-${mode}-`));
  const run = spawnSync(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['stacks/synth-data-mode.ts', other, 'dev', mode],
    {
      cwd: root,
      env: { ...process.env, SKYPORT_ENV: '' },
      encoding: 'utf8',
    },
  );
  if (run.status !== 0)
    throw new Error(`synth of dev in ${mode} data mode failed:\n${run.stdout}${run.stderr}`);
  return { outdir: other, mode, remove: () => rmSync(other, { recursive: true, force: true }) };
}

interface Variant {
  readonly label: string;
  readonly section: string;
  readonly environment: EnvironmentEstimate;
}

function variants(outdir: string, otherDevOutdir: string, prices: PriceTable): Variant[] {
  const find = (dir: string, environment: string) => {
    const found = estimate(readSynthOutput(dir), prices, DEFAULT_ASSUMPTIONS).environments.find(
      (e) => e.environment === environment,
    );
    if (!found)
      throw new Error(
        `${dir} has no ${environment} stacks: synthesize every environment (make synth without ENV)`,
      );
    return found;
  };
  const committed = devDataMode(outdir);
  const dirOf = (mode: 'managed' | 'embedded') => (mode === committed ? outdir : otherDevOutdir);
  const label = (mode: 'managed' | 'embedded') =>
    `dev, ${mode} data mode${mode === committed ? ' (the profile as committed)' : ''}`;
  return [
    {
      label: label('embedded'),
      section: 'cost-dev-embedded',
      environment: find(dirOf('embedded'), 'dev'),
    },
    {
      label: label('managed'),
      section: 'cost-dev-managed',
      environment: find(dirOf('managed'), 'dev'),
    },
    { label: 'prod, at minimum scale', section: 'cost-prod', environment: find(outdir, 'prod') },
  ];
}

function share(part: number, total: number): string {
  return total === 0 ? '0%' : `${Math.round((part / total) * 100)}%`;
}

/** By category (`Amazon MQ`, `Fargate`), dearest first. */
function categories(environment: EnvironmentEstimate): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const line of largestLines(environment))
    totals.set(line.category, (totals.get(line.category) ?? 0) + line.monthlyUsd);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export function costSections(
  outdir: string,
  otherDevOutdir: string,
  prices: PriceTable,
): Map<string, string> {
  const all = variants(outdir, otherDevOutdir, prices);
  const sections = new Map<string, string>();
  sections.set(
    'cost-summary',
    markdownTable(
      ['environment', 'USD/month', 'largest share'],
      all.map((v) => {
        const [category, amount] = categories(v.environment)[0] ?? ['', 0];
        return [
          v.label,
          usd(v.environment.monthlyUsd),
          `${category} ${usd(amount)} (${share(amount, v.environment.monthlyUsd)})`,
        ];
      }),
      ['left', 'right', 'left'],
    ),
  );
  for (const v of all) {
    const total = v.environment.monthlyUsd;
    const byCategory = markdownTable(
      ['service', 'USD/month', 'share'],
      categories(v.environment)
        .filter(([, amount]) => amount > 0)
        .map(([category, amount]) => [category, usd(amount), share(amount, total)]),
      ['left', 'right', 'right'],
    );
    const lines = markdownTable(
      ['stack', 'line', 'USD/month', 'how'],
      largestLines(v.environment)
        .slice(0, TOP_LINES)
        .map((l) => [
          `\`${l.stack}\``,
          `${l.category}: ${l.item}`,
          usd(l.monthlyUsd),
          l.detail.replace(/\|/g, '\\|'),
        ]),
      ['left', 'left', 'right', 'left'],
    );
    const unpriced = v.environment.stacks.flatMap((s) => s.unpriced);
    const unpricedText =
      unpriced.length === 0
        ? 'Every resource is priced or free by AWS rules.'
        : `Not priced (not in the total): ${unpriced.map((u) => `\`${u.address}\` (${u.reason})`).join('; ')}.`;
    sections.set(
      v.section,
      `**${usd(total)} USD/month.** By service:\n\n${byCategory}\n\nThe ${TOP_LINES} largest lines:\n\n${lines}\n\n${unpricedText}`,
    );
  }
  sections.set(
    'cost-assumptions',
    markdownTable(
      ['assumption', 'default', 'what it is'],
      ASSUMPTIONS.map((a) => [
        `\`${a.name}\``,
        String(a.default),
        a.describe.replace(/\|/g, '\\|'),
      ]),
      ['left', 'right', 'left'],
    ),
  );
  const priceRows: string[][] = [];
  for (const [scope, table] of [
    ...Object.entries(prices.json.regions),
    ['global', prices.json.global] as const,
  ]) {
    for (const [key, price] of Object.entries(table)) {
      priceRows.push([
        scope,
        `\`${key}\``,
        String(price.usd),
        price.unit.replace(/\|/g, '\\|'),
        price.asOf,
        price.basis,
      ]);
    }
  }
  sections.set(
    'cost-prices',
    markdownTable(['region', 'key', 'USD', 'per', 'as of', 'basis'], priceRows, [
      'left',
      'left',
      'right',
      'left',
      'left',
      'left',
    ]),
  );
  return sections;
}
