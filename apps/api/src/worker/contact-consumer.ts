import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Channel, ConsumeMessage, MessageProperties } from 'amqplib';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { ConfirmPublisher } from '../messaging/confirm-publisher';
import { errorMessage, RabbitMqConnection } from '../messaging/rabbitmq-connection';
import { TOPOLOGY } from '../messaging/rabbitmq.module';
import { declareTopology, retryQueueName, type Topology } from '../messaging/topology';
import { ContactDelivery } from './contact-delivery';
import { readContactMessage } from './incoming-message';
import {
  afterFailure,
  ATTEMPT_HEADER,
  attemptOf,
  LAST_ERROR_HEADER,
  republishedHeaders,
} from './retry-policy';
import { TaskProtection } from './task-protection';

export interface ContactConsumerOptions {
  /** Messages held at once (and handled concurrently). */
  readonly prefetch: number;
  /** Pause before handing a message back to the broker when it could not be republished. */
  readonly requeueDelayMs: number;
  /** Pause before consuming again after the broker cancelled the consumer (queue deleted). */
  readonly resubscribeDelayMs: number;
}

export const CONTACT_CONSUMER_OPTIONS = Symbol('CONTACT_CONSUMER_OPTIONS');

export const DEFAULT_CONTACT_CONSUMER_OPTIONS: ContactConsumerOptions = {
  prefetch: 10,
  requeueDelayMs: 1_000,
  resubscribeDelayMs: 5_000,
};

/**
 * Consumes the contact queue with manual acknowledgements. A message is acknowledged only once
 * its fate is safe elsewhere: the delivery committed in PostgreSQL, or a copy confirmed by the
 * broker on a retry queue (after a failure) or the dead-letter queue (after the last attempt, or
 * at once when it cannot be read). If neither can be done the message is handed back to the
 * broker. On shutdown the consumer is cancelled first and every message in hand is finished.
 */
@Injectable()
export class ContactConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ContactConsumer.name);
  private readonly retryDelaysMs: readonly number[];
  private readonly inFlight = new Set<Promise<void>>();
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private subscribing: Promise<void> | undefined;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(RabbitMqConnection) private readonly connection: RabbitMqConnection,
    @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher,
    @Inject(TOPOLOGY) private readonly topology: Topology,
    private readonly delivery: ContactDelivery,
    private readonly protection: TaskProtection,
    @Inject(CONTACT_CONSUMER_OPTIONS) private readonly options: ContactConsumerOptions,
  ) {
    this.retryDelaysMs = config.worker.retryDelaysMs;
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.connection.onConnect(() => this.startConsuming());
  }

  /** Messages being handled right now. */
  get activeMessages(): number {
    return this.inFlight.size;
  }

  /**
   * Stops taking messages and finishes the ones in hand, before the connection and the
   * DataSource close (they close in `onApplicationShutdown`, after every `onModuleDestroy`).
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.resubscribeTimer);
    await this.subscribing?.catch(() => undefined);
    const channel = this.channel;
    if (channel && this.consumerTag) {
      // After cancel-ok the broker sends nothing more; everything sent is already in inFlight.
      await channel.cancel(this.consumerTag).catch(() => undefined);
    }
    if (this.inFlight.size > 0) {
      this.logger.log({ msg: 'finishing messages in hand', count: this.inFlight.size });
    }
    await Promise.allSettled([...this.inFlight]);
    await channel?.close().catch(() => undefined);
    await this.protection.close();
  }

  /** Consumes on a new channel unless a consumer is already active or being set up. */
  private startConsuming(): Promise<void> {
    if (this.stopping || this.channel) return Promise.resolve();
    this.subscribing ??= this.subscribe().finally(() => {
      this.subscribing = undefined;
    });
    return this.subscribing;
  }

  private async subscribe(): Promise<void> {
    const channel = await this.connection.createChannel();
    channel.once('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.consumerTag = undefined;
    });
    try {
      // Idempotent, and repairs a queue deleted while connected (the connection's setup only
      // runs on connect).
      await declareTopology(channel, this.topology);
      await channel.prefetch(this.options.prefetch);
      const { consumerTag } = await channel.consume(
        this.topology.workQueue,
        (message) => {
          if (message) this.track(this.handle(channel, message));
          else this.onCancelledByBroker(channel);
        },
        { noAck: false },
      );
      this.channel = channel;
      this.consumerTag = consumerTag;
      this.logger.log({ msg: 'consuming', queue: this.topology.workQueue });
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
  }

  /** The queue went away under the consumer: consume again (re-declaring it) a little later. */
  private onCancelledByBroker(channel: Channel): void {
    this.logger.warn({ msg: 'the broker cancelled the consumer', queue: this.topology.workQueue });
    if (this.channel === channel) {
      this.channel = undefined;
      this.consumerTag = undefined;
    }
    // Messages in hand still need this channel for their acknowledgements.
    void Promise.allSettled([...this.inFlight]).then(() => channel.close().catch(() => undefined));
    if (this.stopping) return;
    this.resubscribeTimer = setTimeout(() => {
      this.startConsuming().catch((error: unknown) => {
        this.logger.warn({ msg: 'could not consume again', reason: errorMessage(error) });
      });
    }, this.options.resubscribeDelayMs);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    this.protection.begin();
    try {
      await this.settle(channel, message);
    } catch (error) {
      // Neither recorded nor safely republished: the broker keeps it and delivers it again.
      this.logger.error({
        msg: 'could not settle a contact message; handing it back',
        messageId: message.properties.messageId as unknown,
        reason: errorMessage(error),
      });
      await sleep(this.options.requeueDelayMs);
      settleOnChannel(() => channel.nack(message, false, true));
    } finally {
      this.protection.end();
    }
  }

  private async settle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const attempt = attemptOf(message.properties.headers);
    const incoming = readContactMessage(message);
    if (!incoming.ok) {
      await this.deadLetter(message, attempt, incoming.reason);
      settleOnChannel(() => channel.ack(message));
      return;
    }
    let failure: string;
    try {
      const outcome = await this.delivery.deliver(incoming.messageId, incoming.event, attempt);
      settleOnChannel(() => channel.ack(message));
      this.logger.log({
        msg: `contact message ${outcome}`,
        messageId: incoming.messageId,
        attempt,
      });
      return;
    } catch (error) {
      failure = errorMessage(error);
    }
    const next = afterFailure(attempt, this.retryDelaysMs);
    if (next.kind === 'retry') {
      await this.publisher.publish({
        ...originalProperties(message),
        queue: retryQueueName(this.topology.workQueue, next.delayMs),
        body: message.content,
        headers: republishedHeaders(message.properties.headers, {
          [ATTEMPT_HEADER]: next.attempt,
          [LAST_ERROR_HEADER]: truncate(failure),
        }),
      });
      this.logger.warn({
        msg: 'contact message failed; retrying later',
        messageId: incoming.messageId,
        attempt,
        retryInMs: next.delayMs,
        reason: failure,
      });
    } else {
      await this.deadLetter(message, attempt, failure);
    }
    settleOnChannel(() => channel.ack(message));
  }

  private async deadLetter(
    message: ConsumeMessage,
    attempt: number,
    reason: string,
  ): Promise<void> {
    const messageId = message.properties.messageId as unknown;
    await this.publisher.publish({
      ...originalProperties(message),
      queue: this.topology.deadLetterQueue,
      body: message.content,
      headers: republishedHeaders(message.properties.headers, {
        [ATTEMPT_HEADER]: attempt,
        [LAST_ERROR_HEADER]: truncate(reason),
        'x-dead-lettered-at': new Date().toISOString(),
      }),
    });
    this.logger.error({
      msg: 'contact message dead-lettered',
      messageId,
      attempt,
      queue: this.topology.deadLetterQueue,
      reason,
    });
  }
}

/**
 * Acks and nacks go on the channel the message came on. When that channel has closed (lost
 * connection) the broker has already put the message back, and redelivery is deduplicated.
 */
function settleOnChannel(settle: () => void): void {
  try {
    settle();
  } catch {
    // The channel is closed; see above.
  }
}

/** What a republished copy keeps of the original's properties. */
function originalProperties(message: ConsumeMessage) {
  const properties: Record<keyof MessageProperties, unknown> = message.properties;
  const { messageId, type, contentType, correlationId, timestamp } = properties;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    messageId: text(messageId),
    type: text(type),
    contentType: text(contentType),
    correlationId: text(correlationId),
    timestamp: typeof timestamp === 'number' ? timestamp : undefined,
  };
}

function truncate(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
