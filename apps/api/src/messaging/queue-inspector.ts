import type { Channel } from 'amqplib';
import { CachedChannel } from './cached-channel';
import { RabbitMqUnavailableError, type RabbitMqConnection } from './rabbitmq-connection';

/**
 * Asks the broker about queues (passive declare) on a channel of its own: asking about a missing
 * queue closes the channel it was asked on, which must not take a publisher or consumer with it.
 */
export class QueueInspector {
  private readonly channel: CachedChannel<Channel>;

  constructor(private readonly connection: RabbitMqConnection) {
    this.channel = new CachedChannel(() => connection.createChannel());
  }

  /** Messages ready for delivery (not those a consumer holds unacknowledged). */
  async messageCount(queue: string): Promise<number> {
    if (!this.connection.isConnected()) throw new RabbitMqUnavailableError();
    const channel = await this.channel.get();
    const reply = await channel.checkQueue(queue);
    return reply.messageCount;
  }

  async close(): Promise<void> {
    await this.channel.close();
  }
}
