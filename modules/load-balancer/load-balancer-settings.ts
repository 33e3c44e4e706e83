import { Token } from 'cdktf';
import { DEFAULT_SSL_POLICY } from './listeners';
import type { LoadBalancerProps } from './load-balancer';
import { INGRESS_MODES } from './security-group';

/** The props with every default filled in: what the building steps read. */
export type LoadBalancerSettings = Required<LoadBalancerProps>;

/**
 * The props with their defaults, checked. Throws at the first problem, naming the prop and what
 * is allowed: nothing can be built from a name or port AWS refuses.
 */
export function loadBalancerSettings(props: LoadBalancerProps): LoadBalancerSettings {
  const settings: LoadBalancerSettings = {
    ...props,
    healthCheckPath: props.healthCheckPath ?? '/health',
    deregistrationDelaySeconds: props.deregistrationDelaySeconds ?? 30,
    deletionProtection: props.deletionProtection ?? true,
    ingress: props.ingress ?? 'internet',
    sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
    idleTimeoutSeconds: props.idleTimeoutSeconds ?? 60,
    accessLogRetentionDays: props.accessLogRetentionDays ?? 90,
    webAcl: props.webAcl ?? true,
    legacyLogDeliveryAccount: props.legacyLogDeliveryAccount ?? true,
    internalPaths: props.internalPaths ?? [],
  };
  check(settings);
  return settings;
}

function check(settings: LoadBalancerSettings): void {
  const { name, targetPort, subnetIds, healthCheckPath, ingress, sslPolicy, internalPaths } =
    settings;
  if (!/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name) || name.startsWith('internal-')) {
    fail(
      `name "${name}" must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"`,
    );
  }
  if (!Number.isInteger(targetPort) || targetPort < 1 || targetPort > 65535) {
    fail(`targetPort must be a whole number from 1 to 65535, got ${targetPort}`);
  }
  // A list token (a whole list from another resource) has no length at synth; a literal array
  // does, even when its items are tokens.
  if (!Token.isUnresolved(subnetIds) && subnetIds.length < 2) {
    fail(
      `subnetIds must list subnets in at least 2 AZs (an ALB needs two), got ${subnetIds.length}`,
    );
  }
  if (!/^\/\S{0,1023}$/.test(healthCheckPath)) {
    fail(
      `healthCheckPath "${healthCheckPath}" must start with "/", have no spaces and be at most 1024 characters`,
    );
  }
  wholeNumberIn('deregistrationDelaySeconds', settings.deregistrationDelaySeconds, 0, 3600);
  wholeNumberIn('idleTimeoutSeconds', settings.idleTimeoutSeconds, 1, 4000);
  wholeNumberIn('accessLogRetentionDays', settings.accessLogRetentionDays, 1, 36500);
  if (!INGRESS_MODES.includes(ingress)) {
    fail(`ingress "${String(ingress)}" is not one of ${INGRESS_MODES.join(', ')}`);
  }
  if (!Token.isUnresolved(sslPolicy) && !sslPolicy.startsWith('ELBSecurityPolicy-TLS13-')) {
    fail(`sslPolicy "${sslPolicy}" must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")`);
  }
  if (internalPaths.length > 5) {
    fail(
      `internalPaths may list at most 5 patterns (one listener rule), got ${internalPaths.length}`,
    );
  }
  for (const path of internalPaths) {
    if (!/^\/\S{0,127}$/.test(path)) {
      fail(
        `internalPaths entry "${path}" must start with "/", have no spaces and be at most 128 characters`,
      );
    }
  }
}

function wholeNumberIn(prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`${prop} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function fail(message: string): never {
  throw new Error(`LoadBalancer: ${message}`);
}

/** `name` cut to `max` characters, without a trailing hyphen (AWS names may not end in one). */
export function trimmed(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}
