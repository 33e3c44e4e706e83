import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TerraformJson } from '@skyport/modules/testing';
import { buildApp, synthWarnings, type SkyportAppOptions } from './app';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { PLACEHOLDER_STATE_BUCKET } from './config/state';

/**
 * Every profile as committed, except dev with managed data (one setting away from the embedded
 * data it ships with, decision 0025) and its API task back at 256 CPU / 512 MiB: the tests of
 * the managed data services, the migration task and the worker service read dev this way.
 */
export function withManagedDev(): Record<string, EnvironmentProfile> {
  const dev = ENVIRONMENTS.dev as EnvironmentProfile;
  return {
    ...ENVIRONMENTS,
    dev: {
      ...dev,
      data: { ...dev.data, mode: 'managed' },
      app: { ...dev.app, api: { ...dev.app.api, cpu: 256, memoryMiB: 512 } },
    },
  };
}

export interface SynthesizedApp {
  /** Every stack's cdk.tf.json, parsed, by stack id. */
  readonly stacks: Map<string, TerraformJson>;
  /** The raw text of every stack's cdk.tf.json, concatenated (for scans). */
  readonly text: string;
  readonly warnings: string[];
}

/**
 * Synthesizes the whole app the way `make synth` does (so cross-stack references are resolved
 * into outputs and remote state) into a temporary folder, reads it back and removes the folder.
 */
export function synthesizeApp(options: Omit<SkyportAppOptions, 'outdir'> = {}): SynthesizedApp {
  const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-app-'));
  try {
    // A configured bucket (the placeholder's name, so the JSON is the same): no bootstrap warning.
    const env = { SKYPORT_STATE_BUCKET: PLACEHOLDER_STATE_BUCKET };
    const app = buildApp({ env, ...options, outdir });
    app.synth();
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    const texts = Object.entries(manifest.stacks).map(
      ([id, { synthesizedStackPath }]) =>
        [id, readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')] as const,
    );
    return {
      stacks: new Map(texts.map(([id, text]) => [id, JSON.parse(text) as TerraformJson])),
      text: texts.map(([, text]) => text).join('\n'),
      warnings: synthWarnings(app),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
