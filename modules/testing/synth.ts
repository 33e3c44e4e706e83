import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { problemsUnder } from '../validation/problems';

/** A resource or data source block as it appears in cdk.tf.json. */
export type TerraformBlock = Record<string, unknown>;

/** The parts of a synthesized stack that tests read. */
export interface TerraformJson {
  /** Stack-level comments: CDKTF's metadata, and Skyport's `skyport` (environment and stage). */
  readonly '//'?: Record<string, unknown>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, TerraformBlock[]>;
  readonly resource?: Record<string, Record<string, TerraformBlock>>;
  readonly data?: Record<string, Record<string, TerraformBlock>>;
  readonly output?: Record<string, TerraformBlock>;
  readonly variable?: Record<string, TerraformBlock>;
}

/**
 * Synthesizes constructs created inside a throwaway stack and parses the JSON. Like a real synth,
 * it first runs the constructs' checks and throws every problem they report, one per line.
 */
export function synthConstructs(build: (scope: Construct) => void): TerraformJson {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  const problems = problemsUnder(stack);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Synthesizes one stack of an app and parses the JSON. */
export function synthStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Every block of one resource type, keyed by its logical id. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, TerraformBlock> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type; fails the test when there are none or several. */
export function onlyResource(json: TerraformJson, type: string): TerraformBlock {
  const blocks = Object.values(resourcesOf(json, type));
  if (blocks.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${blocks.length}`);
  }
  return blocks[0] as TerraformBlock;
}

/** The `${type.name.attribute}` expression that points at the single resource of a type. */
export function referenceTo(json: TerraformJson, type: string, attribute: string): string {
  const names = Object.keys(resourcesOf(json, type));
  if (names.length !== 1) throw new Error(`expected exactly one ${type}, found ${names.length}`);
  return `\${${type}.${names[0] as string}.${attribute}}`;
}

/**
 * The data source a `${data.<type>.<name>.<attr>}` reference points at, e.g. the policy document
 * behind a bucket policy's `policy` field.
 */
export function dataSourceFor(json: TerraformJson, reference: unknown): TerraformBlock {
  const match =
    typeof reference === 'string' ? /^\$\{data\.([^.]+)\.([^.]+)\.[^}]+\}$/.exec(reference) : null;
  const block = match ? json.data?.[match[1] as string]?.[match[2] as string] : undefined;
  if (!block)
    throw new Error(`not a reference to a data source in this stack: ${String(reference)}`);
  return block;
}

/** A resource's logical name and its block. */
export interface NamedBlock {
  readonly name: string;
  readonly block: TerraformBlock;
}

/** The construct path CDKTF records for a block, e.g. `dev-network/network/isolated-routes`. */
export function constructPath(block: TerraformBlock): string {
  return (block['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '';
}

/**
 * The single resource of a type whose construct path ends with `/<suffix>`. Test synths drop
 * the path metadata, so the logical name (`<path joined by _>_<hash>`) is read as a fallback.
 */
export function resourceAt(json: TerraformJson, type: string, suffix: string): NamedBlock {
  const found = Object.entries(resourcesOf(json, type)).filter(([name, block]) => {
    const path = constructPath(block) || name.replace(/_[0-9A-F]{8}$/, '').replaceAll('_', '/');
    return path === suffix || path.endsWith(`/${suffix}`);
  });
  if (found.length !== 1) {
    throw new Error(`expected one ${type} at .../${suffix}, found ${found.length}`);
  }
  const [name, block] = found[0] as [string, TerraformBlock];
  return { name, block };
}

/** `${type.name.attribute}`: how another block refers to this one. */
export function ref(type: string, named: NamedBlock | string, attribute = 'id'): string {
  return `\${${type}.${typeof named === 'string' ? named : named.name}.${attribute}}`;
}
