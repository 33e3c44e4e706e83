/**
 * `tsx tools/docs/main.ts [cdktf.out] [--check]`: rewrites the generated sections of the README
 * and docs/architecture.md from a synth output (`make docs`); with --check, only says which
 * documents differ and exits 1.
 */
import path from 'node:path';
import { GENERATED_DOCUMENTS, sectionsFromSynth, updateDocuments } from './render-docs';

const root = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const outdir = path.resolve(
  args.find((arg) => !arg.startsWith('--')) ?? path.join(root, 'cdktf.out'),
);
const sections = sectionsFromSynth(outdir);

const stale = updateDocuments(root, GENERATED_DOCUMENTS, sections, check);
if (check && stale.length > 0) {
  console.error(
    `docs: ${stale.join(', ')} differ from the synth output; run 'make docs' and commit`,
  );
  process.exit(1);
}
console.log(
  stale.length === 0
    ? `docs: ${GENERATED_DOCUMENTS.join(', ')} match the synth output`
    : `docs: rewrote the generated sections of ${stale.join(', ')}`,
);
