import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertBucketName } from '@skyport/modules/validation';

/**
 * Where Terraform state lives. The bootstrap stack creates this bucket; every other stack keeps
 * its state in it under its own key. One place, so no stack spells the bucket name itself.
 *
 * The settings come from `skyport.config.json` at the repository root (written by
 * `make bootstrap` and committed), and SKYPORT_STATE_BUCKET / SKYPORT_STATE_REGION override them.
 * See docs/decisions/0002 and 0015.
 */
export interface StateConfig {
  readonly bucket: string;
  readonly region: string;
  /**
   * True while no bucket is configured: the backends then name PLACEHOLDER_STATE_BUCKET, which
   * nobody owns, so synth warns and `make plan` / `make deploy` refuse.
   */
  readonly placeholder: boolean;
}

/** The committed settings file, relative to the repository root. */
export const PROJECT_CONFIG_FILE = 'skyport.config.json';
export const DEFAULT_PROJECT_CONFIG = path.resolve(__dirname, '..', '..', PROJECT_CONFIG_FILE);

export const PLACEHOLDER_STATE_BUCKET = 'skyport-terraform-state';
export const DEFAULT_STATE_REGION = 'eu-west-1';

/** What synth prints, and plan and deploy refuse with, while the bucket is the placeholder. */
export const BOOTSTRAP_HINT =
  'run `make bootstrap BUCKET=<globally-unique-name> REGION=<region>` once, then commit skyport.config.json';

/** The shape of an AWS region name such as `eu-west-1` or `us-gov-west-1`. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

interface StateSettings {
  readonly bucket?: string | null;
  readonly region?: string | null;
}

/** Reads the `state` block of skyport.config.json; a missing file means nothing is configured. */
export function readStateSettings(file: string): StateSettings {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${path.basename(file)} is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const state = (parsed as { state?: unknown }).state;
  if (state === undefined) return {};
  if (typeof state !== 'object' || state === null) {
    throw new Error(`${path.basename(file)}: "state" must be an object with "bucket" and "region"`);
  }
  const { bucket, region } = state as Record<string, unknown>;
  for (const [field, value] of Object.entries({ bucket, region })) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new Error(`${path.basename(file)}: "state.${field}" must be a string or null`);
    }
  }
  return {
    bucket: bucket as string | null | undefined,
    region: region as string | null | undefined,
  };
}

export function stateConfig(
  env: NodeJS.ProcessEnv = process.env,
  configFile: string = DEFAULT_PROJECT_CONFIG,
): StateConfig {
  const file = readStateSettings(configFile);
  const configured = env.SKYPORT_STATE_BUCKET?.trim() || file.bucket?.trim();
  const bucket = configured || PLACEHOLDER_STATE_BUCKET;
  const region = env.SKYPORT_STATE_REGION?.trim() || file.region?.trim() || DEFAULT_STATE_REGION;
  assertBucketName(
    env.SKYPORT_STATE_BUCKET?.trim()
      ? 'SKYPORT_STATE_BUCKET'
      : `${PROJECT_CONFIG_FILE} state.bucket`,
    bucket,
  );
  if (!AWS_REGION_PATTERN.test(region)) {
    const field = env.SKYPORT_STATE_REGION?.trim()
      ? 'SKYPORT_STATE_REGION'
      : `${PROJECT_CONFIG_FILE} state.region`;
    throw new Error(`${field} "${region}" is not an AWS region name such as "eu-west-1"`);
  }
  return { bucket, region, placeholder: !configured };
}

/** The state object key of one stack: `<stack id>/terraform.tfstate`. */
export function stateKey(stackId: string): string {
  return `${stackId}/terraform.tfstate`;
}
