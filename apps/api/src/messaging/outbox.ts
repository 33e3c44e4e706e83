import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { isDependencyUnavailable } from '../http/dependency-unavailable';
import { OutboxMessage } from './outbox-message.entity';
import {
  batchKey,
  outboxStatement,
  type OutboxChange,
  type OutboxEntry,
  type OutboxWrite,
} from './outbox-statement';

export type { OutboxChange, OutboxEntry } from './outbox-statement';

/** Statements of addWith in flight at once; writes arriving meanwhile wait and go in the next. */
export const OUTBOX_WRITES_IN_FLIGHT = 2;
/** Rows per statement at most. */
export const OUTBOX_WRITE_BATCH = 100;

interface QueuedWrite extends OutboxWrite {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes messages to the outbox together with the change they announce: they exist exactly when
 * the change commits. Nothing here talks to RabbitMQ; the relay publishes them.
 */
@Injectable()
export class Outbox {
  /** Prepared-statement names by statement text (pg prepares each once per connection). */
  private readonly statementNames = new Map<string, string>();
  private readonly queued: QueuedWrite[] = [];
  private inFlight = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts `change` and its outbox message in ONE statement (outboxStatement: both rows or
   * neither), and resolves once that statement has committed. Writes that arrive while
   * OUTBOX_WRITES_IN_FLIGHT statements are running are grouped into the next statement (a group
   * commit): under load one round trip stores many messages, and an idle API sends each write at
   * once, without waiting for company. If a grouped statement fails for a reason other than an
   * unavailable database, each of its writes is tried again alone, so one bad row fails only its
   * own request. docs/decisions/0020.
   */
  addWith(change: OutboxChange, entry: OutboxEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ change, entry, resolve, reject });
      this.flush();
    });
  }

  /** Writes a message inside the caller's open transaction. */
  async add(manager: EntityManager, entry: OutboxEntry): Promise<void> {
    await manager.insert(OutboxMessage, {
      id: entry.id,
      topic: entry.type,
      // jsonb: TypeORM's deep-partial type does not model free-form objects.
      payload: entry.payload as object,
    });
  }

  private flush(): void {
    while (this.inFlight < OUTBOX_WRITES_IN_FLIGHT && this.queued.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  /** The oldest queued write and up to OUTBOX_WRITE_BATCH - 1 later ones for the same table. */
  private takeBatch(): QueuedWrite[] {
    const key = batchKey(this.queued[0]!.change);
    const batch: QueuedWrite[] = [];
    for (let index = 0; index < this.queued.length && batch.length < OUTBOX_WRITE_BATCH;) {
      if (batchKey(this.queued[index]!.change) === key) {
        batch.push(...this.queued.splice(index, 1));
      } else {
        index += 1;
      }
    }
    return batch;
  }

  private async writeBatch(batch: readonly QueuedWrite[]): Promise<void> {
    try {
      await this.execute(batch);
      for (const write of batch) write.resolve();
    } catch (error) {
      if (batch.length === 1 || isDependencyUnavailable(error)) {
        for (const write of batch) write.reject(error);
        return;
      }
      await Promise.all(
        batch.map((write) => this.execute([write]).then(write.resolve, write.reject)),
      );
    }
  }

  private async execute(writes: readonly OutboxWrite[]): Promise<void> {
    const { text, values } = outboxStatement(writes);
    await this.pool().query({ name: this.statementName(text), text, values });
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (name === undefined) {
      name = `outbox-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.statementNames.set(text, name);
    }
    return name;
  }
}
