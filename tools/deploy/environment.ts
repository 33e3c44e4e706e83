import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deploymentOrder, readManifest } from '../terraform-validate/stack-order';
import type { TerraformJson } from '../terraform-validate/terraform-json';
import type { Layout } from './layout';
import type { Terraform } from './terraform';

/** One synthesized stack of an environment. */
export interface EnvironmentStack {
  readonly name: string;
  readonly json: TerraformJson;
  /** Stacks of the same environment this one reads outputs of (from the manifest). */
  readonly dependencies: readonly string[];
  readonly stage?: string;
}

/** What planning and deploying an environment both start from. */
export interface EnvironmentRun {
  readonly layout: Layout;
  readonly terraform: Terraform;
  readonly environment: string;
  /** In dependency order. */
  readonly stacks: readonly EnvironmentStack[];
  /** The environment's variable values (environments/<env>.tfvars). */
  readonly values: ReadonlyMap<string, string>;
}

/** The environments the synthesized app has (`shared` holds the account-level stacks). */
export function environmentsOf(layout: Layout): string[] {
  return [...new Set(loadStacks(layout).map((stack) => environmentOf(stack.json)))].sort();
}

const environmentOf = (json: TerraformJson) => json['//']?.skyport?.environment ?? 'shared';

function loadStacks(layout: Layout): EnvironmentStack[] {
  if (!existsSync(path.join(layout.outdir, 'manifest.json'))) {
    throw new Error(`${path.join(layout.outdir, 'manifest.json')} is missing: run \`make synth\``);
  }
  return readManifest(layout.outdir).map((stack) => {
    const json = JSON.parse(
      readFileSync(path.join(layout.outdir, stack.synthesizedStackPath), 'utf8'),
    ) as TerraformJson;
    return {
      name: stack.name,
      json,
      dependencies: stack.dependencies,
      stage: json['//']?.skyport?.stage,
    };
  });
}

/**
 * The stacks of one environment in the order to apply them: each after the stacks whose outputs
 * it reads (the manifest's dependencies; the manifest itself lists stacks alphabetically).
 * `only` narrows it to the named stacks, keeping that order.
 */
export function environmentStacks(
  layout: Layout,
  env: string,
  only: readonly string[] = [],
): EnvironmentStack[] {
  const all = loadStacks(layout);
  const stacks = all.filter((stack) => environmentOf(stack.json) === env);
  if (stacks.length === 0) {
    const known = [...new Set(all.map((stack) => environmentOf(stack.json)))].sort();
    throw new Error(
      `no stacks of environment "${env}" in ${path.basename(layout.outdir)} (it has: ${known.join(', ')}); synthesize it with \`make synth ENV=${env}\``,
    );
  }
  const names = new Set(stacks.map((stack) => stack.name));
  for (const name of only) {
    if (!names.has(name)) {
      throw new Error(
        `STACKS names ${name}, which is not a stack of ${env} (${[...names].join(', ')})`,
      );
    }
  }
  const ordered = deploymentOrder(
    stacks.map((stack) => ({
      name: stack.name,
      dependencies: stack.dependencies.filter((dependency) => names.has(dependency)),
      workingDirectory: '',
      synthesizedStackPath: '',
    })),
  ).map((entry) => stacks.find((stack) => stack.name === entry.name)!);
  return only.length === 0 ? ordered : ordered.filter((stack) => only.includes(stack.name));
}
