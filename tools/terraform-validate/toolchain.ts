import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { readEnvFile } from './env-file';

/** What scripts/terraform-toolchain.sh built: the terraform binary and where providers come from. */
export interface Toolchain {
  /** Every KEY=value of the toolchain file (versions, paths, the provider's source). */
  readonly values: Readonly<Record<string, string>>;
  readonly terraform: string;
  /** The CLI configuration that points terraform at the local provider mirror, when there is one. */
  readonly mirrorConfig?: string;
}

/** Reads the toolchain file, or exits 1 naming `make toolchain` (`tool` prefixes the message). */
export function loadToolchain(tool: string): Toolchain {
  const file = path.join(
    process.env.SKYPORT_TOOLCHAIN_DIR ?? path.join(homedir(), '.cache', 'skyport'),
    'toolchain.env',
  );
  if (!existsSync(file)) {
    console.error(`${tool}: ${file} is missing; run \`make toolchain\` first`);
    process.exit(1);
  }
  const values = readEnvFile(readFileSync(file, 'utf8'));
  return {
    values,
    terraform: values.TF_BIN ?? 'terraform',
    mirrorConfig:
      values.PROVIDER_SOURCE === 'mirror' && values.TF_CLI_CONFIG_FILE
        ? values.TF_CLI_CONFIG_FILE
        : undefined,
  };
}

/**
 * The environment every terraform command runs with: this process's, minus every AWS_* and TF_*
 * variable (no real credentials or endpoints leak in), non-interactive, the mirror if any, then
 * `extra`.
 */
export function terraformEnv(
  toolchain: Toolchain,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('TF_')) env[key] = value;
  }
  return {
    ...env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...(toolchain.mirrorConfig ? { TF_CLI_CONFIG_FILE: toolchain.mirrorConfig } : {}),
    ...extra,
  };
}
