/**
 * `tsx tools/diagram/main.ts [cdktf.out] [--out docs/diagrams] [--check]` (`make diagram`): draws
 * each environment of a synth output as `<out>/<env>.svg` with Graphviz; with --check, only says
 * which committed SVGs no longer match the synth and exits 1. The Mermaid version in
 * docs/architecture.md is written by `make docs` (tools/docs).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toDot } from './dot';
import { architecturesFromSynth } from './from-synth';
import { renderSvg, sourceHash, svgSourceHash } from './svg';

const root = path.join(__dirname, '..', '..');

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const out = path.resolve(
    outIndex >= 0 ? (argv[outIndex + 1] ?? '') : path.join(root, 'docs', 'diagrams'),
  );
  const positional = argv.filter((arg, i) => !arg.startsWith('--') && i !== outIndex + 1);
  const outdir = path.resolve(positional[0] ?? path.join(root, 'cdktf.out'));
  const shown = (file: string) => path.relative(process.cwd(), file) || '.';

  const architectures = architecturesFromSynth(outdir);
  if (architectures.length === 0) {
    console.error(`diagram: ${shown(outdir)} holds no environment stacks; run 'make synth'`);
    return 1;
  }
  const stale: string[] = [];
  const written: string[] = [];
  for (const architecture of architectures) {
    const dot = toDot(architecture);
    const file = path.join(out, `${architecture.environment}.svg`);
    const current =
      existsSync(file) && svgSourceHash(readFileSync(file, 'utf8')) === sourceHash(dot);
    if (check) {
      if (!current) stale.push(shown(file));
      continue;
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(file, renderSvg(dot));
    written.push(
      `${shown(file)} (${architecture.nodes.length} boxes and ${architecture.edges.length} edges for ${architecture.drawn} of ${architecture.resources} resources${current ? ', unchanged' : ''})`,
    );
  }
  if (check) {
    if (stale.length > 0) {
      console.error(
        `diagram: ${stale.join(', ')} differ from the synth output; run 'make diagram' and commit`,
      );
      return 1;
    }
    console.log(
      `diagram: ${architectures.map((a) => `${a.environment}.svg`).join(', ')} match the synth output`,
    );
    return 0;
  }
  console.log(`diagram: wrote ${written.join('; ')}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
