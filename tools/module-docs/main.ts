/**
 * `tsx tools/module-docs/main.ts [--check]`: rewrites the props and outputs tables of every
 * modules/<module>/README.md from the TypeScript (make docs-modules); with --check (make lint),
 * only names the READMEs that differ and exits 1. A module README without the markers fails too:
 * every module documents its props and outputs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { moduleConstructs, renderModuleReadme } from './module-readme';

const root = path.join(__dirname, '..', '..');
const modulesDir = path.join(root, 'modules');
const check = process.argv.includes('--check');

const stale: string[] = [];
const unmarked: string[] = [];
const modules = moduleConstructs(modulesDir);
for (const [folder, constructs] of modules) {
  const readme = `modules/${folder}/README.md`;
  const file = path.join(root, readme);
  const before = readFileSync(file, 'utf8');
  const missing = ['props', 'outputs'].filter((n) => !before.includes(`<!-- generated:${n} -->`));
  if (missing.length > 0) unmarked.push(`${readme} (${missing.join(', ')})`);
  const after = renderModuleReadme(before, constructs);
  if (after === before) continue;
  stale.push(readme);
  if (!check) writeFileSync(file, after);
}

if (unmarked.length > 0)
  console.error(
    `module-docs: add <!-- generated:NAME --> ... <!-- /generated:NAME --> markers to ${unmarked.join(', ')}`,
  );
if (check && stale.length > 0)
  console.error(
    `module-docs: the props or outputs tables of ${stale.join(', ')} differ from the TypeScript; run 'make docs-modules' and commit`,
  );
console.log(
  stale.length === 0
    ? `module-docs: the props and outputs tables of ${modules.size} module READMEs match the TypeScript`
    : check
      ? `module-docs: ${stale.length} of ${modules.size} module READMEs are stale`
      : `module-docs: rewrote the props and outputs tables of ${stale.join(', ')}`,
);
if (unmarked.length > 0 || (check && stale.length > 0)) process.exit(1);
