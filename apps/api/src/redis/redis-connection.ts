import { Logger } from '@nestjs/common';
import type { RedisConfig } from '../config/config';
import { connectionProblem, createRedisClient, type RedisClient } from './redis-client';

/**
 * The process's Redis client and what is known about its connection. Start-up never waits for
 * Redis: `start()` begins connecting and returns; the client keeps retrying in the background
 * (bounded back-off, forever) while commands fail at once and `/ready` names `redis`.
 *
 * Every failed attempt emits an error, often several a second: only a change of problem is logged,
 * as one line naming the variable to fix, and recovery as one more.
 */
export class RedisConnection {
  readonly client: RedisClient;
  private readonly logger = new Logger('Redis');
  private problem: string | undefined;

  constructor(private readonly config: RedisConfig) {
    this.client = createRedisClient(config);
    // Without a listener an 'error' event would be thrown.
    this.client.on('error', (error: unknown) => this.failed(error));
    this.client.on('ready', () => this.recovered());
  }

  /** Starts connecting and returns at once. */
  start(): void {
    this.client.connect().catch((error: unknown) => {
      // Only when closed before it ever connected (shutdown): nothing to report.
      if (this.client.isOpen) this.failed(error);
    });
  }

  /** Why Redis cannot be used right now; undefined while the connection is ready. */
  get lastProblem(): string | undefined {
    return this.client.isReady ? undefined : this.problem;
  }

  /** Resolves true once connected, false after `timeoutMs` without (it keeps trying). */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.client.isReady) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    if (this.client.isReady) {
      await this.client.close().catch(() => this.client.destroy());
    } else {
      this.client.destroy();
    }
  }

  private failed(error: unknown): void {
    const problem = connectionProblem(error, this.config);
    if (problem === this.problem) return;
    this.problem = problem;
    this.logger.warn(problem);
  }

  private recovered(): void {
    if (this.problem === undefined) return;
    this.problem = undefined;
    this.logger.log(`Redis at ${this.config.host}:${this.config.port} is connected again`);
  }
}
