import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A message waiting to be published, written in the same transaction as the change it announces,
 * so the announcement exists exactly when the change does. The relay publishes it and sets
 * `publishedAt`; until then it survives any broker outage.
 */
@Entity({ name: 'outbox_messages' })
export class OutboxMessage {
  /** The AMQP message id, the same through every retry and redelivery: consumers dedupe on it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The message type (`contact.received`), which decides the queue. */
  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the broker confirmed it; null while pending. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Publish attempts so far, failed or not. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
