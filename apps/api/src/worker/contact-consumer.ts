import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage, MessageProperties } from 'amqplib';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { UNREADABLE_MESSAGE } from '../messaging/amqp-message-deserializer';
import { ConfirmPublisher } from '../messaging/confirm-publisher';
import { MESSAGE_TYPES } from '../messaging/message-types';
import { errorMessage } from '../messaging/rabbitmq-connection';
import { TOPOLOGY } from '../messaging/rabbitmq.module';
import { retryQueueName, type Topology } from '../messaging/topology';
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
  /** Pause before handing a message back to the broker when it could not be republished. */
  readonly requeueDelayMs: number;
  /** Pause before consuming again after the broker cancelled the consumer (queue deleted). */
  readonly resubscribeDelayMs: number;
}

export const CONTACT_CONSUMER_OPTIONS = Symbol('CONTACT_CONSUMER_OPTIONS');

export const DEFAULT_CONTACT_CONSUMER_OPTIONS: ContactConsumerOptions = {
  requeueDelayMs: 1_000,
  resubscribeDelayMs: 5_000,
};

/**
 * The contact queue's handlers on Nest's RMQ transport (rabbitmq-server.ts), acknowledging by
 * hand through `RmqContext`. A message is acknowledged only once its fate is safe elsewhere: the
 * delivery committed in PostgreSQL, or a copy confirmed by the broker on a retry queue (after a
 * failure) or the dead-letter queue (after the last attempt, or at once when it cannot be read).
 * If neither can be done the message is handed back to the broker. On shutdown the server
 * cancels the consumer first and waits for every message in hand (RabbitMqServer.close).
 */
@Controller()
export class ContactConsumer {
  private readonly logger = new Logger(ContactConsumer.name);
  private readonly retryDelaysMs: readonly number[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher,
    @Inject(TOPOLOGY) private readonly topology: Topology,
    @Inject(ContactDelivery) private readonly delivery: ContactDelivery,
    @Inject(TaskProtection) private readonly protection: TaskProtection,
    @Inject(CONTACT_CONSUMER_OPTIONS) private readonly options: ContactConsumerOptions,
  ) {
    this.retryDelaysMs = config.worker.retryDelaysMs;
  }

  /** Messages being handled right now. */
  get activeMessages(): number {
    return this.inFlight.size;
  }

  /** A contact message (AMQP type `contact.received`). */
  @EventPattern(MESSAGE_TYPES.contactReceived)
  onContactReceived(@Payload() _body: unknown, @Ctx() context: unknown): Promise<void> {
    return this.track(this.handle(context as RmqContext));
  }

  /** Anything else on the queue: read, found malformed and dead-lettered with the reason. */
  @EventPattern(UNREADABLE_MESSAGE)
  onUnreadable(@Payload() _body: unknown, @Ctx() context: unknown): Promise<void> {
    return this.track(this.handle(context as RmqContext));
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async handle(context: RmqContext): Promise<void> {
    const channel = context.getChannelRef() as Channel;
    const message = context.getMessage() as ConsumeMessage;
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
