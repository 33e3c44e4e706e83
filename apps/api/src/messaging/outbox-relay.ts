import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfirmPublisher } from './confirm-publisher';
import { OutboxMessage } from './outbox-message.entity';
import { errorMessage, RabbitMqConnection } from './rabbitmq-connection';
import { TOPOLOGY } from './rabbitmq.module';
import { queueForMessageType, type Topology } from './topology';

export interface OutboxRelayOptions {
  /** How often pending rows are looked for when nothing wakes the relay. */
  readonly pollIntervalMs: number;
  /** Rows claimed (and published concurrently) per transaction. */
  readonly batchSize: number;
  /** Back-off after a failed publish doubles from the poll interval up to this. */
  readonly maxBackoffMs: number;
  /** Published rows older than this are deleted (checked at most hourly). */
  readonly retentionMs: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export const DEFAULT_OUTBOX_RELAY_OPTIONS: OutboxRelayOptions = {
  pollIntervalMs: 1_000,
  batchSize: 50,
  maxBackoffMs: 30_000,
  retentionMs: 7 * 24 * 3600 * 1000,
};

interface ClaimedRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export interface RelayBatchResult {
  readonly claimed: number;
  readonly published: number;
  readonly failed: number;
  readonly lastError?: string;
}

const PURGE_EVERY_MS = 3600 * 1000;

/**
 * Publishes outbox rows to RabbitMQ and marks them published, inside the API process. Several
 * replicas can run it at once: each claims rows with `FOR UPDATE SKIP LOCKED` in a transaction
 * that stays open until the broker has confirmed them, so no row is published by two replicas at
 * once. While the broker is down rows simply stay pending; the relay tries again with back-off
 * and at once when the connection comes back. A row whose confirm is lost after the broker took
 * it is published again later: delivery is at least once, and the worker deduplicates by id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private consecutiveFailures = 0;
  private backoffUntil = 0;
  private lastPurgeAt = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RabbitMqConnection) private readonly connection: RabbitMqConnection,
    @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher,
    @Inject(TOPOLOGY) private readonly topology: Topology,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.unsubscribe = this.connection.onConnect(() => {
      this.consecutiveFailures = 0;
      this.backoffUntil = 0;
      this.wake();
    });
    this.wake();
  }

  /** Stops polling and waits for the batch in flight, before the connection closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.running;
  }

  /** Asks for a pass now (after a commit that added rows): low latency without a busy poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.scheduleNextPoll();
    });
  }

  /**
   * Claims up to `batchSize` pending rows, publishes them and records the outcome, all in one
   * transaction. Exposed for tests; the loop calls it.
   */
  async relayBatch(): Promise<RelayBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<ClaimedRow[]>(
        `SELECT "id", "topic", "payload", "created_at" FROM "outbox_messages"
         WHERE "published_at" IS NULL
         ORDER BY "created_at"
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return { claimed: 0, published: 0, failed: 0 };
      const outcomes = await Promise.all(
        rows.map((row) =>
          this.publish(row).then(
            () => ({ row, error: undefined }),
            (error: unknown) => ({ row, error: errorMessage(error) }),
          ),
        ),
      );
      const published = outcomes.filter((outcome) => outcome.error === undefined);
      const failures = outcomes.flatMap(({ row, error }) =>
        error === undefined ? [] : [{ row, error }],
      );
      await this.recordPublished(
        manager,
        published.map(({ row }) => row.id),
      );
      for (const failure of failures) {
        await manager.query(
          `UPDATE "outbox_messages" SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "id" = $1`,
          [failure.row.id, failure.error.slice(0, 1000)],
        );
      }
      return {
        claimed: rows.length,
        published: published.length,
        failed: failures.length,
        lastError: failures[0]?.error,
      };
    });
  }

  /** Deletes rows published before `olderThan`; returns how many. */
  async purgePublished(olderThan: Date): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxMessage)
      .where('published_at < :olderThan', { olderThan })
      .execute();
    return result.affected ?? 0;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped || !this.connection.isConnected() || Date.now() < this.backoffUntil) return;
      let result: RelayBatchResult;
      try {
        result = await this.relayBatch();
      } catch (error) {
        result = { claimed: 0, published: 0, failed: 1, lastError: errorMessage(error) };
      }
      if (result.failed > 0) {
        this.backOff(result);
        return;
      }
      this.consecutiveFailures = 0;
      if (result.claimed === this.options.batchSize) this.again = true;
    } while (this.again && !this.stopped);
    await this.purgeIfDue();
  }

  private backOff(result: RelayBatchResult): void {
    this.consecutiveFailures += 1;
    const delay = Math.min(
      this.options.maxBackoffMs,
      this.options.pollIntervalMs * 2 ** (this.consecutiveFailures - 1),
    );
    this.backoffUntil = Date.now() + delay;
    this.logger.warn({
      msg: 'outbox publish failed; rows stay pending',
      failed: result.failed,
      published: result.published,
      retryInMs: delay,
      reason: result.lastError,
    });
  }

  private scheduleNextPoll(): void {
    if (this.stopped) return;
    if (this.again) {
      this.wake();
      return;
    }
    const wait = Math.max(this.options.pollIntervalMs, this.backoffUntil - Date.now());
    this.timer = setTimeout(() => this.wake(), wait);
  }

  private async publish(row: ClaimedRow): Promise<void> {
    const queue = queueForMessageType(this.topology, row.topic);
    if (!queue) throw new Error(`no queue for message type ${row.topic}`);
    await this.publisher.publish({
      queue,
      body: Buffer.from(JSON.stringify(row.payload)),
      messageId: row.id,
      type: row.topic,
      contentType: 'application/json',
      timestamp: Math.floor(new Date(row.created_at).getTime() / 1000),
    });
  }

  private async recordPublished(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE "outbox_messages"
       SET "published_at" = now(), "attempts" = "attempts" + 1, "last_error" = NULL
       WHERE "id" = ANY($1::uuid[])`,
      [ids],
    );
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = Date.now();
    try {
      await this.purgePublished(new Date(Date.now() - this.options.retentionMs));
    } catch (error) {
      this.logger.warn({ msg: 'outbox purge failed', reason: errorMessage(error) });
    }
  }
}
