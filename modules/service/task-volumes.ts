import type { ContainerSpec } from './container-definitions';

/**
 * Paths the ECS Exec (SSM) agent writes to inside a container. ECS documents Exec as unsupported
 * with a read-only root filesystem; giving the agent writable volumes at these paths is the
 * workaround reported in aws/containers-roadmap#1359 and aws-containers/amazon-ecs-exec-checker#71.
 */
export const EXEC_AGENT_PATHS = [
  '/managed-agents',
  '/var/lib/amazon/ssm',
  '/var/log/amazon/ssm',
] as const;

/** A task-scoped volume mounted writable in a container. */
export interface ContainerMountPoint {
  readonly sourceVolume: string;
  readonly containerPath: string;
  readonly readOnly: false;
}

/**
 * The writable mounts of one container: its `writablePaths` (`/tmp` by default) on volumes shared
 * by path, then each of `execPaths` it does not already write to on a volume of its own.
 */
export function mountPointsOf(
  spec: Pick<ContainerSpec, 'name' | 'writablePaths'>,
  volumes: VolumeNames,
  execPaths: readonly string[],
): ContainerMountPoint[] {
  const writable = [...new Set(spec.writablePaths ?? ['/tmp'])];
  const execOnly = execPaths.filter((path) => !writable.includes(path));
  return [
    ...writable.map((path) => ({
      sourceVolume: volumes.shared(path),
      containerPath: path,
      readOnly: false as const,
    })),
    // One volume per container: SSM agents of different containers must not share state.
    ...execOnly.map((path) => ({
      sourceVolume: volumes.own(spec.name, path),
      containerPath: path,
      readOnly: false as const,
    })),
  ];
}

/** Volume names: one per distinct writable path, one per container and Exec agent path. */
export class VolumeNames {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  shared(path: string): string {
    return this.name(`path:${path}`, slug(path));
  }

  own(container: string, path: string): string {
    return this.name(`own:${container}:${path}`, `${container}-${slug(path)}`);
  }

  all(): string[] {
    return [...this.byKey.values()];
  }

  private name(key: string, base: string): string {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let name = base.slice(0, 250);
    for (let n = 2; this.taken.has(name); n++) name = `${base.slice(0, 250)}-${n}`;
    this.taken.add(name);
    this.byKey.set(key, name);
    return name;
  }
}

const slug = (path: string) => path.slice(1).replace(/[^A-Za-z0-9_-]/g, '-');
