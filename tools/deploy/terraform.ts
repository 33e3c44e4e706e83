import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { readEnvFile } from '../terraform-validate/env-file';
import { motoOverride } from '../terraform-validate/moto-override';
import { runCommand, type CommandResult } from '../terraform-validate/run-command';
import { firstError } from '../terraform-validate/terraform-json';
import type { EnvironmentStack } from './environment';
import { logsDir, workDir, type Layout } from './layout';

const COMMAND_TIMEOUT_SECONDS = 60 * 60;

/** How terraform runs for the deploy commands. */
export interface Terraform {
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Another AWS endpoint for every client (moto in tests): each working folder gets an override
   * file pointing the provider, the backend and remote state at it. Undefined in real use.
   */
  readonly endpoint?: string;
}

/**
 * terraform from PATH with the caller's AWS credentials; on a machine where `make toolchain` built
 * the provider into a local mirror (no registry), that terraform and its CLI configuration.
 */
export function terraformFor(layout: Layout, processEnv: NodeJS.ProcessEnv): Terraform {
  const toolchainFile = path.join(
    processEnv.SKYPORT_TOOLCHAIN_DIR ?? path.join(homedir(), '.cache', 'skyport'),
    'toolchain.env',
  );
  const toolchain = existsSync(toolchainFile)
    ? readEnvFile(readFileSync(toolchainFile, 'utf8'))
    : {};
  const mirror = toolchain.PROVIDER_SOURCE === 'mirror' && toolchain.TF_CLI_CONFIG_FILE;
  const pluginCache = path.join(layout.root, '.skyport', 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  const endpoint = processEnv.SKYPORT_AWS_ENDPOINT || undefined;
  return {
    bin: processEnv.TERRAFORM ?? (mirror ? (toolchain.TF_BIN ?? 'terraform') : 'terraform'),
    endpoint,
    env: {
      ...processEnv,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // One copy of the provider for every stack instead of one per working folder.
      TF_PLUGIN_CACHE_DIR: pluginCache,
      ...(mirror ? { TF_CLI_CONFIG_FILE: toolchain.TF_CLI_CONFIG_FILE } : {}),
      ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    },
  };
}

/** The working folder of one stack, with its JSON and exactly the variables it declares. */
export function prepareWorkDir(
  layout: Layout,
  terraform: Terraform,
  stack: EnvironmentStack,
  variables: Record<string, string>,
): string {
  const dir = workDir(layout, stack.name);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(layout.outdir, 'stacks', stack.name), dir, { recursive: true });
  const tfvars = path.join(dir, 'skyport.auto.tfvars.json');
  if (Object.keys(variables).length > 0) {
    writeFileSync(tfvars, `${JSON.stringify(variables, null, 2)}\n`, { mode: 0o600 });
  } else {
    rmSync(tfvars, { force: true });
  }
  const override = path.join(dir, 'endpoint_override.tf.json');
  if (terraform.endpoint) {
    writeFileSync(override, JSON.stringify(motoOverride(stack.json, terraform.endpoint), null, 2));
  } else {
    rmSync(override, { force: true });
  }
  return dir;
}

export class TerraformError extends Error {
  constructor(
    readonly step: string,
    readonly result: CommandResult,
    readonly logFile: string,
  ) {
    super(`${step}: ${firstError(result.output)}`);
  }
}

/**
 * Runs one terraform command in a stack's folder (pass `-no-color`: its place depends on the
 * command); its whole output goes to the step's log. Throws on failure.
 */
export async function terraformRun(
  layout: Layout,
  terraform: Terraform,
  env: string,
  stack: string,
  step: string,
  args: readonly string[],
): Promise<CommandResult> {
  mkdirSync(logsDir(layout, env), { recursive: true });
  const logFile = path.join(logsDir(layout, env), `${stack}.${step}.log`);
  rmSync(logFile, { force: true });
  const result = await runCommand(terraform.bin, args, {
    cwd: workDir(layout, stack),
    env: terraform.env,
    logFile,
    timeoutSeconds: COMMAND_TIMEOUT_SECONDS,
  });
  if (
    result.code !== 0 &&
    !(step.startsWith('plan') && result.code === 2 && args.includes('-detailed-exitcode'))
  ) {
    throw new TerraformError(`${stack} ${step}`, result, logFile);
  }
  return result;
}

export const init = (layout: Layout, terraform: Terraform, env: string, stack: string) =>
  terraformRun(layout, terraform, env, stack, 'init', ['init', '-input=false', '-no-color']);
