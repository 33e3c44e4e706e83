import type { ConfirmChannel, Message } from 'amqplib';
import { CachedChannel } from './cached-channel';
import { errorMessage, type RabbitMqConnection } from './rabbitmq-connection';

export interface OutgoingMessage {
  /** The queue, through the default exchange. */
  readonly queue: string;
  readonly body: Buffer;
  /** The id the consumer deduplicates on; the same id for every copy of the message. */
  readonly messageId?: string;
  /** What the message is, e.g. `contact.received`; the AMQP `type` property. */
  readonly type?: string;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly headers?: Record<string, unknown>;
  readonly correlationId?: string;
  readonly appId?: string;
  /** Seconds since the epoch, as AMQP has it; now by default. */
  readonly timestamp?: number;
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
}

/**
 * Publishes through a confirm channel and resolves only when the broker has taken responsibility
 * for the message (basic.ack): persistent, and `mandatory`, so a message no queue would take comes
 * back as a failure instead of vanishing. A missing confirm within `confirmTimeoutMs` is a failure
 * too; the message may still arrive, which is why consumers deduplicate by message id.
 */
export class ConfirmPublisher {
  private readonly channel: CachedChannel<ConfirmChannel>;
  /** Message ids the broker returned as unroutable; the ack for them follows the return. */
  private readonly returned = new Map<string, number>();

  constructor(
    connection: RabbitMqConnection,
    private readonly confirmTimeoutMs = 10_000,
  ) {
    this.channel = new CachedChannel(async () => {
      const channel = await connection.createConfirmChannel();
      channel.on('return', (message: Message) => this.noteReturned(message));
      return channel;
    });
  }

  async publish(message: OutgoingMessage): Promise<void> {
    const channel = await this.channel.get();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new PublishError(`no confirm from RabbitMQ within ${this.confirmTimeoutMs} ms`));
      }, this.confirmTimeoutMs);
      try {
        channel.sendToQueue(
          message.queue,
          message.body,
          {
            persistent: true,
            mandatory: true,
            messageId: message.messageId,
            type: message.type,
            contentType: message.contentType ?? 'application/json',
            contentEncoding: message.contentEncoding,
            headers: message.headers ?? {},
            correlationId: message.correlationId,
            appId: message.appId,
            timestamp: message.timestamp ?? Math.floor(Date.now() / 1000),
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (error) {
              reject(new PublishError(`RabbitMQ refused the message: ${errorMessage(error)}`));
            } else if (this.takeReturned(message.messageId ?? '')) {
              reject(new PublishError(`no queue named ${message.queue} took the message`));
            } else {
              resolve();
            }
          },
        );
      } catch (error) {
        // sendToQueue throws when the channel has already closed.
        clearTimeout(timer);
        reject(new PublishError(errorMessage(error)));
      }
    });
  }

  async close(): Promise<void> {
    await this.channel.close();
  }

  private noteReturned(message: Message): void {
    const id = typeof message.properties.messageId === 'string' ? message.properties.messageId : '';
    this.returned.set(id, (this.returned.get(id) ?? 0) + 1);
  }

  private takeReturned(messageId: string): boolean {
    const count = this.returned.get(messageId);
    if (!count) return false;
    if (count === 1) this.returned.delete(messageId);
    else this.returned.set(messageId, count - 1);
    return true;
  }
}
