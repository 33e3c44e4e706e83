/**
 * Environment profiles: one typed object per environment. Issue-sized knobs (NAT mode, instance
 * sizes, retention) join here as the stacks that read them arrive.
 */
export interface EnvironmentProfile {
  /** Short name used in stack ids (`dev-network`) and tags. */
  readonly name: string;
  /** AWS region every regional resource of the environment lives in. */
  readonly region: string;
  /** IPv4 range of the environment's VPC. */
  readonly vpcCidr: string;
}

export const ENVIRONMENTS = {
  dev: { name: 'dev', region: 'eu-west-1', vpcCidr: '10.10.0.0/16' },
  prod: { name: 'prod', region: 'eu-west-1', vpcCidr: '10.20.0.0/16' },
} as const satisfies Record<string, EnvironmentProfile>;

export type EnvironmentName = keyof typeof ENVIRONMENTS;

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS) as EnvironmentName[];

function isEnvironmentName(name: string): name is EnvironmentName {
  return Object.hasOwn(ENVIRONMENTS, name);
}

/**
 * Picks the environments to synthesize from a comma-separated list such as `dev` or `dev,prod`
 * (the `SKYPORT_ENV` variable, or `make synth ENV=dev`). Empty means all of them.
 */
export function selectEnvironments(list: string | undefined): EnvironmentProfile[] {
  const requested = (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (requested.length === 0) return ENVIRONMENT_NAMES.map((name) => ENVIRONMENTS[name]);
  const unknown = requested.filter((name) => !isEnvironmentName(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown environment ${unknown.map((n) => `"${n}"`).join(', ')} (SKYPORT_ENV, or make synth ENV=...). ` +
        `Valid environments: ${ENVIRONMENT_NAMES.join(', ')} (comma-separated, or empty for all).`,
    );
  }
  return [...new Set(requested)].map((name) => ENVIRONMENTS[name as EnvironmentName]);
}
