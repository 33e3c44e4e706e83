import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A message a consumer has handled, keyed by its AMQP message id. Inserted in the transaction that
 * records the work, so a second delivery of the same message (RabbitMQ delivers at least once)
 * finds the row and is acknowledged without doing the work again.
 */
@Entity({ name: 'processed_messages' })
export class ProcessedMessage {
  /** Which consumer handled it: one message may be handled once by each of several consumers. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
