import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { RabbitMqConfig } from '../config/config';
import { AmqpMessageDeserializer } from './amqp-message-deserializer';
import { ConnectionLog } from './connection-log';
import { rmqConnectionOptions } from './rabbitmq-client';
import { errorMessage } from './rabbitmq-connection';
import { declareTopology, type Topology } from './topology';

export interface RabbitMqServerSettings {
  readonly config: RabbitMqConfig;
  /** Shown in the broker's connection list (`skyport-worker`). */
  readonly connectionName: string;
  /** The queues; the server consumes `topology.workQueue`. */
  readonly topology: Topology;
  /** Messages held unacknowledged at once (and handled concurrently). */
  readonly prefetch: number;
  /** Pause before consuming again after the broker cancelled the consumer (queue deleted). */
  readonly resubscribeDelayMs?: number;
  readonly reconnectDelayMs?: number;
  readonly connectTimeoutMs?: number;
}

/** The consumer as RabbitMqServer.consumerState() sees it at one moment. */
export interface ConsumerState {
  readonly connected: boolean;
  readonly consuming: boolean;
  /** Epoch ms at which the oldest message still in hand started; undefined with none in hand. */
  readonly oldestMessageStartedAt: number | undefined;
}

/**
 * Nest's RMQ server (`Transport.RMQ`, `ServerRMQ`) for the worker: handlers are `@EventPattern`s
 * that acknowledge by hand through `RmqContext` (`noAck: false`), with `prefetch` messages in
 * hand. What differs from the stock server, and why (docs/decisions/0017-rmq-transport.md):
 *
 * - Messages are read as they are on the wire (AmqpMessageDeserializer), not as Nest envelopes.
 * - `setupChannel` declares our whole topology (quorum queues with our arguments) on every
 *   connect instead of Nest's `assertQueue` with its own options (which would fail with
 *   PRECONDITION_FAILED on our quorum queues), and awaits its `consume`.
 * - `start` is Nest's minus its logging: connection failures are one line naming the variable to
 *   fix (connection-log.ts) instead of an error and a stack dump per event.
 * - A consumer the broker cancels (its queue deleted) consumes again after re-declaring the
 *   queues; the stock server stops consuming for good.
 * - `close` cancels the consumer first and waits for the messages in hand, which are then
 *   acknowledged on their still-open channel; the stock server closes the channel under them.
 */
export class RabbitMqServer extends ServerRMQ {
  private readonly connectionLogger: Logger;
  private readonly log: ConnectionLog;
  private readonly consumerTag = `skyport-${randomUUID()}`;
  /** Each message being handled, with when its handling started (ms since the epoch). */
  private readonly inFlight = new Map<Promise<void>, number>();
  private consumingOn: Channel | undefined;
  /** Between the broker's consume-ok and the channel closing or the consumer being cancelled. */
  private consuming = false;
  private closing = false;
  private resubscribeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly settings: RabbitMqServerSettings) {
    super({
      ...rmqConnectionOptions({
        config: settings.config,
        connectionName: settings.connectionName,
        reconnectDelayMs: settings.reconnectDelayMs,
        connectTimeoutMs: settings.connectTimeoutMs,
      }),
      queue: settings.topology.workQueue,
      noAck: false,
      noAssert: true,
      prefetchCount: settings.prefetch,
      deserializer: new AmqpMessageDeserializer(),
    });
    this.connectionLogger = new Logger(`RabbitMq(${settings.connectionName})`);
    this.log = new ConnectionLog(this.connectionLogger, settings.config);
  }

  /** Messages being handled right now. */
  get activeMessages(): number {
    return this.inFlight.size;
  }

  /**
   * What the worker's heartbeat needs to judge progress (worker/worker-heartbeat.ts): whether the
   * connection is up, whether our consumer is registered on an open channel, and when the oldest
   * message in hand started.
   */
  consumerState(): ConsumerState {
    const manager = this.server as AmqpConnectionManager | null | undefined;
    const started = [...this.inFlight.values()];
    return {
      connected: manager?.isConnected() ?? false,
      consuming: this.consuming,
      oldestMessageStartedAt: started.length > 0 ? Math.min(...started) : undefined,
    };
  }

  override async start(callback?: (error?: unknown) => void): Promise<void> {
    const manager = await this.createClient<AmqpConnectionManager>();
    this.server = manager;
    let listenCallback = callback;
    manager.on('connect', ({ connection }) => {
      this.log.connected(
        (connection as unknown as ChannelModel).connection.serverProperties.version,
      );
      if (this.channel) return;
      const channel: ChannelWrapper = manager.createChannel({
        json: false,
        setup: (raw: Channel) =>
          this.setupChannel(raw, () => {
            const done = listenCallback;
            listenCallback = undefined;
            done?.();
          }),
      });
      // A failed setup (the queues could not be declared) is an 'error' event: unheard, it would
      // end the process. It is tried again on the next connect.
      channel.on('error', (error: unknown) => {
        const needsOperator = (error as { code?: unknown }).code === 406;
        const entry = { msg: 'could not consume', reason: errorMessage(error) };
        if (needsOperator) this.connectionLogger.error(entry);
        else this.connectionLogger.warn(entry);
      });
      this.channel = channel;
    });
    manager.on('connectFailed', ({ err }) => this.log.failed(err));
    manager.on('disconnect', ({ err }) => {
      this.consuming = false;
      if (!this.closing) this.log.lost(err);
    });
    manager.on('blocked', ({ reason }) => {
      this.connectionLogger.warn({ msg: 'broker blocked the connection', reason });
    });
    manager.on('unblocked', () => this.connectionLogger.log('broker unblocked the connection'));
  }

  /**
   * Nest's `setupChannel` for a plain queue (prefetch, consume, callback), with our topology
   * declared first instead of its `assertQueue`, and the `consume` awaited: Nest's leaves it
   * floating, so a connection lost during consume-ok became an unhandled rejection.
   */
  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    // Idempotent, and repairs a queue deleted while connected.
    await declareTopology(channel, this.settings.topology);
    this.consumingOn = channel;
    channel.once('close', () => {
      if (this.consumingOn === channel) this.consuming = false;
    });
    await channel.prefetch(this.settings.prefetch, false);
    await channel.consume(
      this.settings.topology.workQueue,
      (message) => {
        this.handleMessage(message, channel).catch((error: unknown) => {
          this.handleError(errorMessage(error));
        });
      },
      { noAck: false, consumerTag: this.consumerTag },
    );
    this.consuming = true;
    this.connectionLogger.log({ msg: 'consuming', queue: this.settings.topology.workQueue });
    callback();
  }

  // Nest declares the message as a record; it is amqplib's delivery, or null for a cancel.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override handleMessage(message: Record<string, any> | null, channel: Channel): Promise<void> {
    if (message === null) {
      this.onCancelledByBroker(channel);
      return Promise.resolve();
    }
    const work = super.handleMessage(message as ConsumeMessage, channel);
    this.inFlight.set(work, Date.now());
    void work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }

  override async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.resubscribeTimer);
    const channel = this.consumingOn;
    this.consuming = false;
    if (channel) {
      // After cancel-ok the broker sends nothing more; everything sent is already in flight.
      await channel.cancel(this.consumerTag).catch(() => undefined);
    }
    if (this.inFlight.size > 0) {
      this.connectionLogger.log({ msg: 'finishing messages in hand', count: this.inFlight.size });
    }
    await Promise.allSettled([...this.inFlight.keys()]);
    await super.close().catch(() => undefined);
  }

  /** The queue went away under the consumer: declare it again and consume, a little later. */
  private onCancelledByBroker(channel: Channel): void {
    this.consuming = false;
    this.connectionLogger.warn({
      msg: 'the broker cancelled the consumer',
      queue: this.settings.topology.workQueue,
    });
    if (this.closing) return;
    this.resubscribeTimer = setTimeout(() => {
      if (this.closing || this.consumingOn !== channel) return;
      this.setupChannel(channel, () => undefined).catch((error: unknown) => {
        this.connectionLogger.warn({ msg: 'could not consume again', reason: errorMessage(error) });
      });
    }, this.settings.resubscribeDelayMs ?? 5_000);
  }
}
