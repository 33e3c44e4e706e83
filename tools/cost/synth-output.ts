/** Reads a synth output folder (`cdktf.out`): every stack of the manifest with its environment and region. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Body = Record<string, unknown>;

export interface StackJson {
  readonly provider?: {
    aws?: ReadonlyArray<{
      region?: string;
      alias?: string;
      default_tags?: Array<{ tags?: Record<string, string> }>;
    }>;
  };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
}

export interface SynthStack {
  readonly stack: string;
  /** The provider's `environment` tag, else the stack id's prefix (`dev-app` → `dev`). */
  readonly environment: string;
  /** The default AWS provider's region. */
  readonly region: string;
  readonly json: StackJson;
}

export class SynthOutputError extends Error {}

export function readSynthOutput(outdir: string): SynthStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new SynthOutputError(
      `${manifestFile} does not exist; run 'make synth' first (or name a cdktf.out folder)`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([stack, { synthesizedStackPath }]) =>
    toSynthStack(
      stack,
      JSON.parse(readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')) as StackJson,
    ),
  );
}

export function toSynthStack(stack: string, json: StackJson): SynthStack {
  const provider = (json.provider?.aws ?? []).find((p) => p.alias === undefined);
  const tagged = provider?.default_tags?.[0]?.tags?.environment;
  const dash = stack.indexOf('-');
  return {
    stack,
    environment: tagged ?? (dash > 0 ? stack.slice(0, dash) : 'shared'),
    region: provider?.region ?? 'unknown',
    json,
  };
}
