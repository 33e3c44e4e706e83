import { Injectable } from '@nestjs/common';

/** Resolves when the dependency answers; rejects (or times out) when it does not. */
export type ReadinessProbe = () => Promise<unknown>;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  /** `up`, or why not: `down: <reason>`. */
  readonly checks: Record<string, string>;
}

/**
 * What `/ready` asks. Feature modules register a probe per dependency at start-up (postgres,
 * redis, rabbitmq); each runs with its own timeout, all at once, so one slow dependency costs one
 * timeout, not the sum. After SIGTERM the process is draining and never ready again.
 */
@Injectable()
export class Readiness {
  private readonly probes = new Map<string, ReadinessProbe>();
  private drainingSince: number | undefined;

  constructor() {}

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  async check(timeoutMs = 2_000): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]) => [name, await runProbe(probe, timeoutMs)]),
    );
    const checks = Object.fromEntries(entries) as Record<string, string>;
    const healthy = Object.values(checks).every((state) => state === 'up');
    return { ready: healthy && !this.draining, draining: this.draining, checks };
  }
}

async function runProbe(probe: ReadinessProbe, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
