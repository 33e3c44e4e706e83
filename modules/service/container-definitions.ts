import { mountPointsOf, type VolumeNames } from './task-volumes';

export const DEPENDENCY_CONDITIONS = ['START', 'HEALTHY', 'COMPLETE', 'SUCCESS'] as const;
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

/** A Docker health check run by the ECS agent inside the container. */
export interface ContainerHealthCheck {
  /** `['CMD', 'executable', ...args]` or `['CMD-SHELL', 'shell command']`. */
  readonly command: string[];
  /**
   * Seconds between checks, 5 to 300.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds a check may take before it counts as failed, 2 to 60.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the container is unhealthy, 1 to 10.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Seconds after start during which failures do not count, 0 to 300.
   * @default no grace period
   */
  readonly startPeriodSeconds?: number;
}

/** Another container of the task that must reach `condition` before this one starts. */
export interface ContainerDependency {
  /** Name of the other container. */
  readonly containerName: string;
  /**
   * `START`: it has started. `HEALTHY`: its health check passes (it needs one). `COMPLETE` /
   * `SUCCESS`: it has exited (with 0 for SUCCESS); only for non-essential containers.
   */
  readonly condition: DependencyCondition;
}

/** One container of the task. */
export interface ContainerSpec {
  /** Container name: letters, digits, hyphens and underscores; also its log stream prefix. */
  readonly name: string;
  /** Image reference, ideally an ECR image pinned by digest or immutable tag. */
  readonly image: string;
  /**
   * Stop the whole task when this container stops.
   * @default true
   */
  readonly essential?: boolean;
  /**
   * Overrides the image's CMD.
   * @default the image's CMD
   */
  readonly command?: string[];
  /**
   * Plain, non-secret environment variables. Anything sensitive goes in `secrets`.
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Environment variable -> Secrets Manager `valueFrom`: a secret ARN, optionally followed by
   * `:<json-key>:<version-stage>:<version-id>` (e.g. `<arn>:password::`). Injected by ECS at
   * start; never written into `environment`.
   * @default none
   */
  readonly secrets?: Record<string, string>;
  /**
   * Container port (TCP) to map; with awsvpc the host port is the same.
   * @default no port mapping
   */
  readonly port?: number;
  /**
   * `uid`, `uid:gid`, `user` or `user:group` to run as. Root (`0`, `root`, `0:<gid>`,
   * `root:<group>`) is rejected.
   * @default "1000:1000"
   */
  readonly user?: string;
  /**
   * Absolute paths that get a writable, task-scoped volume (Fargate task storage, gone when the
   * task stops). The root filesystem is always read-only.
   * @default ["/tmp"]
   */
  readonly writablePaths?: string[];
  /**
   * Docker health check.
   * @default none
   */
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * Containers of this task that must reach a condition before this one starts.
   * @default none
   */
  readonly dependsOn?: ContainerDependency[];
  /**
   * Seconds between SIGTERM and SIGKILL, 2 to 120 (the Fargate maximum; Fargate Spot gives a
   * two-minute notice). Keep the target group's deregistration delay below it.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Soft memory limit (MiB) the scheduler reserves for this container; the sum over the task
   * may not exceed the task memory.
   * @default none (the container may use the task's memory)
   */
  readonly memoryReservationMiB?: number;
}

/** A container definition as registered with ECS (the JSON in `container_definitions`). */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly command?: string[];
  readonly environment?: { name: string; value: string }[];
  readonly secrets?: { name: string; valueFrom: string }[];
  readonly portMappings?: { containerPort: number; hostPort: number; protocol: 'tcp' }[];
  readonly user: string;
  readonly readonlyRootFilesystem: true;
  readonly privileged: false;
  readonly linuxParameters: { initProcessEnabled: true };
  readonly stopTimeout: number;
  readonly mountPoints?: { sourceVolume: string; containerPath: string; readOnly: false }[];
  readonly logConfiguration: { logDriver: 'awslogs'; options: Record<string, string> };
  readonly healthCheck?: {
    command: string[];
    interval: number;
    timeout: number;
    retries: number;
    startPeriod?: number;
  };
  readonly dependsOn?: { containerName: string; condition: DependencyCondition }[];
  readonly memoryReservation?: number;
}

/** What every container of the task shares: its log group and region, volumes and Exec paths. */
export interface ContainerContext {
  readonly logGroupName: string;
  readonly region: string;
  readonly volumes: VolumeNames;
  readonly execPaths: readonly string[];
}

/** The container definition ECS registers for `spec`: hardened, logging to the task's group. */
export function containerDefinition(
  spec: ContainerSpec,
  context: ContainerContext,
): ContainerDefinition {
  const mountPoints = mountPointsOf(spec, context.volumes, context.execPaths);
  const environment = Object.entries(spec.environment ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(spec.secrets ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, valueFrom]) => ({ name, valueFrom }));
  const health = spec.healthCheck;
  return {
    name: spec.name,
    image: spec.image,
    essential: spec.essential ?? true,
    ...(spec.command ? { command: spec.command } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(spec.port !== undefined
      ? { portMappings: [{ containerPort: spec.port, hostPort: spec.port, protocol: 'tcp' }] }
      : {}),
    user: spec.user ?? '1000:1000',
    readonlyRootFilesystem: true,
    privileged: false,
    // An init process (PID 1) forwards signals and reaps zombies, e.g. ECS Exec sessions.
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: spec.stopTimeoutSeconds ?? 30,
    ...(mountPoints.length > 0 ? { mountPoints } : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': context.logGroupName,
        'awslogs-region': context.region,
        'awslogs-stream-prefix': spec.name,
      },
    },
    ...(health
      ? {
          healthCheck: {
            command: health.command,
            interval: health.intervalSeconds ?? 30,
            timeout: health.timeoutSeconds ?? 5,
            retries: health.retries ?? 3,
            ...(health.startPeriodSeconds !== undefined
              ? { startPeriod: health.startPeriodSeconds }
              : {}),
          },
        }
      : {}),
    ...(spec.dependsOn && spec.dependsOn.length > 0
      ? {
          dependsOn: spec.dependsOn.map((d) => ({
            containerName: d.containerName,
            condition: d.condition,
          })),
        }
      : {}),
    ...(spec.memoryReservationMiB !== undefined
      ? { memoryReservation: spec.memoryReservationMiB }
      : {}),
  };
}
