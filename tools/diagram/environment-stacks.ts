/** Reads a synth output folder (`cdktf.out`) and groups its stacks by environment. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type StackDocument, type TerraformJson } from './synth-graph';

/** The account-level stacks (state bucket, CI roles) belong to no environment and are not drawn. */
const SHARED = 'shared';

export interface EnvironmentStacks {
  readonly environment: string;
  /** In manifest order, which is dependency order. */
  readonly stacks: readonly StackDocument[];
}

interface ProviderBlock {
  readonly alias?: string;
  readonly default_tags?: ReadonlyArray<{ readonly tags?: Readonly<Record<string, string>> }>;
}

export function readEnvironments(outdir: string): EnvironmentStacks[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(
      `${manifestFile} does not exist; run 'make synth' first (or name a cdktf.out folder)`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks = Object.entries(manifest.stacks).map(([stack, { synthesizedStackPath }]) => ({
    stack,
    json: JSON.parse(
      readFileSync(path.join(outdir, synthesizedStackPath), 'utf8'),
    ) as TerraformJson,
  }));
  return groupByEnvironment(stacks);
}

export function groupByEnvironment(stacks: readonly StackDocument[]): EnvironmentStacks[] {
  const groups = new Map<string, StackDocument[]>();
  for (const document of stacks) {
    const environment = environmentOf(document);
    if (environment === SHARED) continue;
    groups.set(environment, [...(groups.get(environment) ?? []), document]);
  }
  return [...groups].map(([environment, documents]) => ({ environment, stacks: documents }));
}

/** The default provider's `environment` tag, else the stack id's prefix (`dev-app` → `dev`). */
function environmentOf({ stack, json }: StackDocument): string {
  const providers = (
    (json as { provider?: { aws?: readonly ProviderBlock[] } }).provider?.aws ?? []
  ).filter((p) => p.alias === undefined);
  const tagged = providers[0]?.default_tags?.[0]?.tags?.environment;
  if (tagged) return tagged;
  const dash = stack.indexOf('-');
  return dash > 0 ? stack.slice(0, dash) : SHARED;
}
