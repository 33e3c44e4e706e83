import { Token } from 'cdktf';
import { show, type Problems } from '../validation/problems';
import { DEFAULT_SSL_POLICY } from './listeners';
import type { LoadBalancerProps } from './load-balancer';
import { INGRESS_MODES } from './security-group';

/** The props with every default filled in: what the building steps read. */
export type LoadBalancerSettings = Required<LoadBalancerProps>;

/** The props with their defaults: what the building steps read, and what the checks read. */
export function loadBalancerSettings(props: LoadBalancerProps): LoadBalancerSettings {
  return {
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
}

/**
 * Every problem of the settings, naming the prop and what is allowed. Run at synth: nothing built
 * from them needs a valid value to be built (names are only cut and joined), so every problem can
 * be reported at once.
 */
export function checkLoadBalancerSettings(p: Problems, settings: LoadBalancerSettings): void {
  const { name, targetPort, subnetIds, healthCheckPath, ingress, sslPolicy, internalPaths } =
    settings;
  if (!/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name) || name.startsWith('internal-')) {
    p.add(
      'name',
      `${show(name)} must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"`,
    );
  }
  p.integer('targetPort', targetPort, 1, 65535);
  // A list token (a whole list from another resource) has no length at synth; a literal array
  // does, even when its items are tokens.
  if (!Token.isUnresolved(subnetIds) && subnetIds.length < 2) {
    p.add(
      'subnetIds',
      `${subnetIds.length} listed; list subnets in at least 2 AZs (an ALB needs two)`,
    );
  }
  if (!/^\/\S{0,1023}$/.test(healthCheckPath)) {
    p.add(
      'healthCheckPath',
      `${show(healthCheckPath)} must start with "/", have no spaces and be at most 1024 characters`,
    );
  }
  p.integer('deregistrationDelaySeconds', settings.deregistrationDelaySeconds, 0, 3600);
  p.integer('idleTimeoutSeconds', settings.idleTimeoutSeconds, 1, 4000);
  p.integer('accessLogRetentionDays', settings.accessLogRetentionDays, 1, 36500);
  p.oneOf('ingress', ingress, INGRESS_MODES);
  if (!Token.isUnresolved(sslPolicy) && !sslPolicy.startsWith('ELBSecurityPolicy-TLS13-')) {
    p.add(
      'sslPolicy',
      `${show(sslPolicy)} must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")`,
    );
  }
  if (internalPaths.length > 5) {
    p.add(
      'internalPaths',
      `${internalPaths.length} listed; list at most 5 patterns (one listener rule)`,
    );
  }
  for (const [index, path] of internalPaths.entries()) {
    if (!/^\/\S{0,127}$/.test(path)) {
      p.add(
        `internalPaths[${index}]`,
        `${show(path)} must start with "/", have no spaces and be at most 128 characters`,
      );
    }
  }
}

/** `name` cut to `max` characters, without a trailing hyphen (AWS names may not end in one). */
export function trimmed(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}
