import { CLIENT_ADDRESS_HEADER } from '@skyport/modules/http-api';
import type { ContainerDependency, ContainerSpec } from '@skyport/modules/service';
import type { ApiEntry } from './app-alarms';
import { API_HEALTH_CHECK, API_PORT, COMMANDS, WORKER_HEALTH_CHECK } from './app-contract';
import type { SharedRuntime } from './app-shared-runtime';

/** The three processes of the API image, as containers. */
export interface AppContainers {
  readonly api: ContainerSpec;
  readonly worker: ContainerSpec;
  readonly migrate: ContainerSpec;
}

export interface AppContainerOptions {
  /** The image with its tag, from the stack's repository. */
  readonly image: string;
  readonly runtime: SharedRuntime;
  readonly entry: ApiEntry;
  /** The profile's name, the `Environment` dimension of the worker's queue-depth metric. */
  readonly environment: string;
  /** The address the worker e-mails contact messages from. */
  readonly notifyFrom: string;
  readonly region: string;
}

export function appContainers(options: AppContainerOptions): AppContainers {
  const { image, runtime, entry } = options;
  const { settings, tracing } = runtime;
  // An HTTP API sends no X-Forwarded-For; it writes the client's address in its own header.
  const clientAddress: Record<string, string> = 'httpApi' in entry ? { CLIENT_ADDRESS_HEADER } : {};
  return {
    api: {
      name: 'api',
      image,
      command: [...COMMANDS.api],
      port: API_PORT,
      environment: { ...settings.environment, ...tracing.environment, ...clientAddress },
      secrets: settings.secrets,
      dependsOn: tracing.afterCollector,
      healthCheck: { command: API_HEALTH_CHECK, startPeriodSeconds: 30 },
      // Finish in-flight requests after SIGTERM; the load balancer has stopped sending by then.
      stopTimeoutSeconds: 60,
    },
    worker: {
      name: 'worker',
      image,
      command: [...COMMANDS.worker],
      environment: {
        ...settings.environment,
        ...tracing.environment,
        METRICS_ENVIRONMENT: options.environment,
        NOTIFY_EMAIL_FROM: options.notifyFrom,
        SES_REGION: options.region,
      },
      secrets: settings.secrets,
      dependsOn: tracing.afterCollector,
      // A hung consumer fails this and ECS replaces the task (docs/decisions/0029). The grace
      // covers connecting to the broker, which start-up does not wait for.
      healthCheck: { command: WORKER_HEALTH_CHECK, startPeriodSeconds: 60 },
      // Spot's notice is two minutes: let the message in hand finish (Fargate's maximum).
      stopTimeoutSeconds: 120,
    },
    migrate: {
      name: 'migrate',
      image,
      command: [...COMMANDS.migrate],
      environment: settings.environment,
      secrets: settings.secrets,
    },
  };
}

/**
 * Embedded data: one task holds everything. The data sidecars are reachable on its localhost
 * only, so the worker and the migration run beside the API, the migration as an init container.
 */
export function embeddedTaskContainers(
  containers: AppContainers,
  local: { containers: ContainerSpec[]; ready: ContainerDependency[] },
  tracing: SharedRuntime['tracing'],
): ContainerSpec[] {
  const migrated: ContainerDependency = { containerName: 'migrate', condition: 'SUCCESS' };
  return [
    { ...containers.api, dependsOn: [migrated, ...tracing.afterCollector] },
    // Essential, as with managed data: a hung worker replaces the whole task, sidecars and their
    // data with it, as a crashed one already does; a non-essential worker would stay hung
    // unnoticed (docs/decisions/0029).
    {
      ...containers.worker,
      dependsOn: [migrated, ...local.ready, ...tracing.afterCollector],
    },
    { ...containers.migrate, essential: false, dependsOn: local.ready },
    ...local.containers,
    ...tracing.sidecars,
  ];
}
