import { renameSync, writeFileSync } from 'node:fs';
import type { WorkerHeartbeatConfig } from '../config/config';
import type { ConsumerState } from '../messaging/rabbitmq-server';

/** What the heartbeat file holds (read by worker-health.ts). */
export interface HeartbeatRecord {
  /** Epoch ms of the last tick at which the worker was healthy. */
  readonly healthyAt: number;
  /** Why the worker is unhealthy now; absent while healthy. */
  readonly problem?: string;
}

/** Why this consumer is making no progress, or undefined when it is healthy. */
export function consumerProblem(
  state: ConsumerState,
  now: number,
  stuckAfterMs: number,
): string | undefined {
  if (!state.connected) return 'no connection to RabbitMQ';
  if (!state.consuming) return 'connected to RabbitMQ but not consuming (no channel or consumer)';
  if (state.oldestMessageStartedAt !== undefined) {
    const busyMs = now - state.oldestMessageStartedAt;
    if (busyMs > stuckAfterMs) {
      return `a message has been in handling for ${Math.round(busyMs / 1000)} s (WORKER_STUCK_AFTER_MS ${stuckAfterMs})`;
    }
  }
  return undefined;
}

/**
 * The worker's liveness signal for the container health check: on a timer, while the consumer is
 * healthy (consumerProblem), it rewrites the file with the time. An idle worker stays healthy. A
 * blocked event loop stops the timer too, so the file goes stale without any code of ours running.
 * While unhealthy the time is kept and the reason added, so the check can say why.
 */
export class WorkerHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private healthyAt = 0;
  private lastProblem: string | undefined;

  constructor(
    private readonly state: () => ConsumerState,
    private readonly settings: WorkerHeartbeatConfig,
    private readonly onProblem: (problem: string) => void = () => undefined,
  ) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), this.settings.intervalMs);
    // The heartbeat alone must not keep a stopping worker alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    const now = Date.now();
    const problem = consumerProblem(this.state(), now, this.settings.stuckAfterMs);
    if (problem === undefined) this.healthyAt = now;
    // Once per new problem, not once per tick; not while starting, when the connection log
    // already says why the broker is not there yet.
    else if (problem !== this.lastProblem && this.healthyAt > 0) this.onProblem(problem);
    this.lastProblem = problem;
    const record: HeartbeatRecord = { healthyAt: this.healthyAt, ...(problem ? { problem } : {}) };
    // Written beside and renamed over, so the check never reads half a file.
    const partial = `${this.settings.file}.partial`;
    try {
      writeFileSync(partial, JSON.stringify(record));
      renameSync(partial, this.settings.file);
    } catch (error) {
      this.onProblem(`cannot write ${this.settings.file}: ${(error as Error).message}`);
    }
  }
}
