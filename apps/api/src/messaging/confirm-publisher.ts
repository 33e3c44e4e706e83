import { type OutgoingMessage, PublishError } from './rabbitmq-client';
import type { RabbitMqConnection } from './rabbitmq-connection';

export { type OutgoingMessage, PublishError };

/**
 * Publishes through Nest's RMQ client on a confirm channel and resolves only when the broker has
 * taken responsibility for the message (basic.ack): persistent, and `mandatory`, so a message no
 * queue would take comes back as a failure instead of vanishing. A missing confirm within the
 * connection's confirm timeout is a failure too; the message may still arrive, which is why
 * consumers deduplicate by message id.
 */
export class ConfirmPublisher {
  constructor(private readonly connection: RabbitMqConnection) {}

  async publish(message: OutgoingMessage): Promise<void> {
    await this.connection.publish(message);
  }

  /** The channel belongs to the connection, which closes it. */
  async close(): Promise<void> {}
}
