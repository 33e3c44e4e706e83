import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout';

/** The fix every refusal names while no state bucket is configured (stacks/config/state.ts says the same). */
export const BOOTSTRAP_FIX =
  'run `make bootstrap BUCKET=<globally-unique-name> REGION=<region>` once, then commit skyport.config.json';

export interface StateSettings {
  readonly bucket?: string;
  readonly region?: string;
}

/** The state bucket as synth sees it: SKYPORT_STATE_* first, then skyport.config.json. */
export function stateSettings(layout: Layout, env: NodeJS.ProcessEnv): StateSettings {
  const file = existsSync(layout.configFile)
    ? ((
        JSON.parse(readFileSync(layout.configFile, 'utf8')) as {
          state?: { bucket?: string | null; region?: string | null };
        }
      ).state ?? {})
    : {};
  return {
    bucket: env.SKYPORT_STATE_BUCKET?.trim() || file.bucket?.trim() || undefined,
    region: env.SKYPORT_STATE_REGION?.trim() || file.region?.trim() || undefined,
  };
}

/** Throws, with the fix, while the backends would name the placeholder bucket. */
export function assertStateConfigured(layout: Layout, env: NodeJS.ProcessEnv): void {
  if (!stateSettings(layout, env).bucket) {
    throw new Error(`no state bucket is configured (skyport.config.json): ${BOOTSTRAP_FIX}`);
  }
}

/** Writes the state settings into skyport.config.json, keeping everything else in the file. */
export function withStateSettings(
  text: string | undefined,
  bucket: string,
  region: string,
): string {
  const config = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return `${JSON.stringify({ ...config, state: { bucket, region } }, null, 2)}\n`;
}
