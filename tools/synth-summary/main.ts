import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatTable, summarizeStack } from './summarize-stacks';

// Usage: tsx tools/synth-summary/main.ts [cdktf.out]. Prints what each synthesized stack holds,
// in the order of manifest.json.
const outdir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'cdktf.out'));
const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
  stacks: Record<string, { synthesizedStackPath: string }>;
};
const rows = Object.entries(manifest.stacks).map(([stack, { synthesizedStackPath }]) =>
  summarizeStack(
    stack,
    JSON.parse(readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')) as object,
  ),
);
for (const line of formatTable(rows)) console.log(`  ${line}`);
