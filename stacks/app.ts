import { App } from 'cdktf';
import { BootstrapStack } from './bootstrap-stack';
import { selectEnvironments } from './config/environments';
import { stateConfig } from './config/state';
import { NetworkStack } from './network-stack';

export interface SkyportAppOptions {
  /** Where `cdk.tf.json` files go. */
  readonly outdir: string;
  /** Comma-separated environment names; empty for all. */
  readonly environments?: string;
  /** Variables that configure synthesis (SKYPORT_STATE_BUCKET, ...). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Builds the whole CDKTF app: the account-level stacks, then one set of stacks per environment. */
export function buildApp(options: SkyportAppOptions): App {
  const profiles = selectEnvironments(options.environments);
  const state = stateConfig(options.env);
  const app = new App({ outdir: options.outdir, skipValidation: false });
  new BootstrapStack(app, 'bootstrap', { state });
  for (const profile of profiles) {
    new NetworkStack(app, { profile, state });
  }
  return app;
}
