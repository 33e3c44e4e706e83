import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A resource or data block of cdk.tf.json. */
export type Block = Record<string, unknown>;

/** The parts of a synthesized stack the audit reads. */
export interface StackJson {
  readonly '//'?: { readonly skyport?: { readonly environment?: string; readonly stage?: string } };
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

/** One synthesized stack: its folder under cdktf.out/stacks and its parsed JSON. */
export interface Stack {
  readonly name: string;
  /** Folder checkov scans (`-d`). */
  readonly dir: string;
  readonly json: StackJson;
  /** From the stack's `"//".skyport` metadata; undefined when the stack has none. */
  readonly environment?: string;
  readonly stage?: string;
}

/** Every `<outdir>/stacks/<name>/cdk.tf.json`, by name. */
export function loadStacks(outdir: string): Stack[] {
  const root = path.join(outdir, 'stacks');
  if (!existsSync(root)) {
    throw new Error(`${root} does not exist: run \`make synth\` first`);
  }
  return readdirSync(root, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'cdk.tf.json')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadStack(name, path.join(root, name)));
}

/** Reads one stack folder (the folder holds cdk.tf.json). */
export function loadStack(name: string, dir: string): Stack {
  const json = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson;
  const meta = json['//']?.skyport;
  return { name, dir, json, environment: meta?.environment, stage: meta?.stage };
}

/** Every block of a stack, resources then data sources. */
export function blocksOf(
  json: StackJson,
): { kind: 'resource' | 'data'; type: string; name: string; block: Block }[] {
  const all: { kind: 'resource' | 'data'; type: string; name: string; block: Block }[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(json[kind] ?? {})) {
      for (const [name, block] of Object.entries(blocks)) all.push({ kind, type, name, block });
    }
  }
  return all;
}
