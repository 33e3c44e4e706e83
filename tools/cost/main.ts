/**
 * `make cost`: the monthly estimate of every environment from a synth output.
 *   tsx tools/cost/main.ts [cdktf.out] [--json] [--set name=value ...] [--prices prices.json]
 *   tsx tools/cost/main.ts --diff <before cdktf.out> <after cdktf.out> [--json] [--set ...]
 *   tsx tools/cost/main.ts --doc [cdktf.out] [--check]   (docs/cost.md; make docs)
 * Assumptions also come from COST_<NAME> variables (`make cost COST_SPOT_DISCOUNT=0.5`).
 */
import path from 'node:path';
import { AssumptionError, resolveAssumptions } from './assumptions';
import { updateDocuments } from '../docs/render-docs';
import { COST_DOCUMENTS, costSections, synthOtherDevMode } from './cost-doc';
import { diffEstimates, diffJson, formatDiff } from './diff';
import { estimate } from './estimate';
import { PriceTable } from './price-table';
import { estimateJson, formatEstimate, usd } from './report';
import { readSynthOutput, SynthOutputError } from './synth-output';

const root = path.join(__dirname, '..', '..');

function main(argv: readonly string[]): number {
  const sets: string[] = [];
  const positional: string[] = [];
  let json = false;
  let diff = false;
  let doc = false;
  let check = false;
  let pricesFile: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--diff') diff = true;
    else if (arg === '--doc') doc = true;
    else if (arg === '--check') check = true;
    else if (arg === '--set') sets.push(argv[++i] ?? '');
    else if (arg === '--prices') pricesFile = argv[++i];
    else if (arg.startsWith('--set=')) sets.push(arg.slice('--set='.length));
    else if (arg.startsWith('--'))
      throw new AssumptionError(
        `unknown option ${arg}; use --json, --diff, --doc, --check, --set name=value or --prices <file>`,
      );
    else positional.push(arg);
  }
  const prices = PriceTable.load(pricesFile ? path.resolve(pricesFile) : undefined);

  if (doc) {
    // The document shows the defaults, whatever COST_* says in this shell.
    const outdir = path.resolve(positional[0] ?? path.join(root, 'cdktf.out'));
    console.log('cost: synthesizing dev in its other data mode for docs/cost.md ...');
    const otherDev = synthOtherDevMode(outdir);
    try {
      const sections = costSections(outdir, otherDev.outdir, PriceTable.load());
      const stale = updateDocuments(root, COST_DOCUMENTS, sections, check);
      if (check && stale.length > 0) {
        console.error(
          `cost: ${stale.join(', ')} differ from the synth output; run 'make docs' and commit`,
        );
        return 1;
      }
      console.log(
        stale.length === 0
          ? `cost: the cost sections of ${COST_DOCUMENTS.join(', ')} match the synth output`
          : `cost: rewrote the cost sections of ${stale.join(', ')}`,
      );
      return 0;
    } finally {
      otherDev.remove();
    }
  }

  const assumptions = resolveAssumptions(sets, process.env);
  if (diff) {
    const [before, after] = positional;
    if (!before || !after)
      throw new AssumptionError(
        '--diff needs two synth output folders: --diff <before cdktf.out> <after cdktf.out>',
      );
    const result = diffEstimates(
      estimate(readSynthOutput(path.resolve(before)), prices, assumptions),
      estimate(readSynthOutput(path.resolve(after)), prices, assumptions),
    );
    if (json) console.log(JSON.stringify(diffJson(result), null, 2));
    else for (const line of formatDiff(result)) console.log(line);
    return 0;
  }

  const outdir = path.resolve(positional[0] ?? path.join(root, 'cdktf.out'));
  const result = estimate(readSynthOutput(outdir), prices, assumptions);
  if (json) {
    console.log(JSON.stringify(estimateJson(result, prices), null, 2));
    return 0;
  }
  for (const line of formatEstimate(result, prices)) console.log(line);
  const unpriced = result.environments.reduce(
    (n, e) => n + e.stacks.reduce((m, s) => m + s.unpriced.length, 0),
    0,
  );
  console.log(
    `cost: ${result.environments.map((e) => `${e.environment} ${usd(e.monthlyUsd)}`).join(', ')} USD/month` +
      (unpriced > 0
        ? `; ${unpriced} resources not priced (listed above)`
        : '; every resource priced or free'),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof AssumptionError || error instanceof SynthOutputError) {
    console.error(`cost: ${error.message.split('\n').join('\ncost: ')}`);
    process.exitCode = 2;
  } else throw error;
}
