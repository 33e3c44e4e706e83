/**
 * Terraform addresses of a synth output and the construct path CDKTF records for each block
 * (`"//": {"metadata": {"path": "dev-app/api/service"}}`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SynthBlock {
  readonly stack: string;
  /** `aws_ecs_service.api_service_298EA376`, `data.aws_region.aws-context_region_DEC3537F`. */
  readonly address: string;
  readonly constructPath: string;
}

type Blocks = Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;

/** Every resource and data source of every stack in the manifest, with its construct path. */
export function synthBlocks(outdir: string): SynthBlock[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(`${outdir} holds no synth output (manifest.json); run 'make synth' first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const blocks: SynthBlock[] = [];
  for (const [stack, { synthesizedStackPath }] of Object.entries(manifest.stacks)) {
    const json = JSON.parse(readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')) as {
      resource?: Blocks;
      data?: Blocks;
    };
    for (const [prefix, group] of [
      ['', json.resource],
      ['data.', json.data],
    ] as const) {
      for (const [type, named] of Object.entries(group ?? {})) {
        for (const [name, block] of Object.entries(named)) {
          const constructPath = block['//']?.metadata?.path;
          if (constructPath)
            blocks.push({ stack, address: `${prefix}${type}.${name}`, constructPath });
        }
      }
    }
  }
  return blocks;
}

export interface AddressQuery {
  readonly stack?: string;
  readonly address: string;
}

/**
 * `dev-app/aws_ecs_service.api_…` (as make review and make diagram print it), or the address
 * alone with the stack apart; a plan's index (`[0]`, `["a"]`) is dropped.
 */
export function parseAddress(text: string, stack?: string): AddressQuery {
  const trimmed = text.trim().replace(/\[[^\]]*\]$/, '');
  const slash = trimmed.indexOf('/');
  if (slash > 0 && !trimmed.slice(0, slash).includes('.'))
    return { stack: trimmed.slice(0, slash), address: trimmed.slice(slash + 1) };
  return { stack: stack || undefined, address: trimmed };
}

export type Lookup =
  | { readonly found: SynthBlock }
  | { readonly ambiguous: readonly SynthBlock[] }
  | { readonly missing: true; readonly suggestions: readonly SynthBlock[] };

/** The block an address names, or the stacks to choose from, or the closest addresses. */
export function lookUp(blocks: readonly SynthBlock[], query: AddressQuery): Lookup {
  const inStack = blocks.filter((b) => query.stack === undefined || b.stack === query.stack);
  const matches = inStack.filter((b) => b.address === query.address);
  if (matches.length === 1 && matches[0]) return { found: matches[0] };
  if (matches.length > 1) return { ambiguous: matches };
  return { missing: true, suggestions: closest(inStack.length > 0 ? inStack : blocks, query) };
}

/** Up to five addresses sharing the most words with the one asked for, the same type first. */
function closest(blocks: readonly SynthBlock[], query: AddressQuery): SynthBlock[] {
  const words = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .split(/[._\-/]+/)
        .filter(Boolean),
    );
  const asked = words(query.address);
  const type = query.address.replace(/\.[^.]*$/, '');
  const scored = blocks
    .map((block) => {
      const shared = [...words(block.address)].filter((word) => asked.has(word)).length;
      const sameType = block.address.startsWith(`${type}.`) ? 0.5 : 0;
      return { block, score: shared + sameType };
    })
    .filter(({ score }) => score >= 1)
    .sort((a, b) => b.score - a.score || a.block.address.localeCompare(b.block.address));
  return scored.slice(0, 5).map(({ block }) => block);
}
