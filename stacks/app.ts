import { AnnotationMetadataEntryType, Annotations, App } from 'cdktf';
import { BootstrapStack } from './bootstrap-stack';
import { CicdStack } from './cicd-stack';
import { ENVIRONMENTS, selectEnvironments, type EnvironmentProfile } from './config/environments';
import { BOOTSTRAP_HINT, stateConfig } from './config/state';
import { assertValidProfile } from './config/validate-profile';
import { AppStack } from './app-stack';
import { DataStack } from './data-stack';
import { EdgeStack } from './edge-stack';
import { NetworkStack } from './network-stack';

export interface SkyportAppOptions {
  /** Where `cdk.tf.json` files go. */
  readonly outdir: string;
  /** Comma-separated environment names; empty for all. */
  readonly environments?: string;
  /** Variables that configure synthesis (SKYPORT_STATE_BUCKET, ...). */
  readonly env?: NodeJS.ProcessEnv;
  /** The committed settings file. @default skyport.config.json at the repository root */
  readonly configFile?: string;
  /** The environment profiles to choose from. @default ENVIRONMENTS (stacks/config/environments.ts) */
  readonly profiles?: Readonly<Record<string, EnvironmentProfile>>;
}

/** Builds the whole CDKTF app: the account-level stacks, then one set of stacks per environment. */
export function buildApp(options: SkyportAppOptions): App {
  // A bad profile stops synth before any stack exists, with every problem named.
  const profiles = selectEnvironments(options.environments, options.profiles ?? ENVIRONMENTS).map(
    assertValidProfile,
  );
  const state = stateConfig(options.env, options.configFile);
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const bootstrap = new BootstrapStack(app, 'bootstrap', { state });
  if (state.placeholder) {
    // Synth still works (it is the first command a newcomer runs); plan and deploy refuse.
    Annotations.of(bootstrap).addWarning(
      `no state bucket is configured, so every backend names the placeholder "${state.bucket}", which you do not own: ${BOOTSTRAP_HINT}`,
    );
  }
  new CicdStack(app, 'cicd', { state, profiles });
  for (const profile of profiles) {
    const network = new NetworkStack(app, { profile, state });
    const data = new DataStack(app, { profile, state, network });
    new AppStack(app, { profile, state, network, data });
    new EdgeStack(app, { profile, state });
  }
  return app;
}

/** Warnings constructs recorded during synthesis, as `<construct path>: <message>`. */
export function synthWarnings(app: App): string[] {
  const warning: string = AnnotationMetadataEntryType.WARN;
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === warning)
        .map((entry) => `${construct.node.path}: ${String(entry.data)}`),
    );
}
