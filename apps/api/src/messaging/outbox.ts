import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MessageType } from './message-types';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxEntry {
  /** The message id end to end; usually the id of the row the message is about. */
  readonly id: string;
  readonly type: MessageType;
  readonly payload: Record<string, unknown>;
}

/**
 * Writes messages to the outbox inside the caller's transaction: they exist exactly when the
 * change they announce commits. Nothing here talks to RabbitMQ; the relay publishes them.
 */
@Injectable()
export class Outbox {
  async add(manager: EntityManager, entry: OutboxEntry): Promise<void> {
    await manager.insert(OutboxMessage, {
      id: entry.id,
      topic: entry.type,
      // jsonb: TypeORM's deep-partial type does not model free-form objects.
      payload: entry.payload as object,
    });
  }
}
