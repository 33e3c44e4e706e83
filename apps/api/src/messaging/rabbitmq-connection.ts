import { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel, ChannelModel } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import type { RabbitMqConfig } from '../config/config';
import { ConnectionLog } from './connection-log';
import {
  type OutgoingMessage,
  RabbitMqClient,
  RabbitMqUnavailableError,
  rmqConnectionOptions,
} from './rabbitmq-client';

export { RabbitMqUnavailableError } from './rabbitmq-client';

export interface RabbitMqConnectionOptions {
  /** Shown in the broker's connection list: which process holds the connection. */
  readonly name: string;
  /** Runs on every (re)connect: declares the topology. */
  readonly setup?: (channel: Channel) => Promise<void>;
  readonly heartbeatSeconds?: number;
  /** Capped exponential back-off between first connection attempts. */
  readonly reconnectInitialDelayMs?: number;
  readonly reconnectMaxDelayMs?: number;
  /** A connection attempt the broker does not answer fails after this long. */
  readonly connectTimeoutMs?: number;
  /** A publish the broker does not confirm fails after this long. */
  readonly confirmTimeoutMs?: number;
}

type ConnectListener = (model: ChannelModel) => void | Promise<void>;

/**
 * One AMQP connection per process through Nest's RMQ client (rabbitmq-client.ts), kept open:
 * `start()` returns at once and connects in the background (start-up never waits for the
 * broker, so the API listens and the outbox fills while RabbitMQ is down or hanging), first
 * attempts are retried with capped back-off, a lost connection is re-established by the
 * connection manager, the topology is declared again on every connect, and listeners are told so
 * they can open their channels (channels do not survive a reconnect).
 */
export class RabbitMqConnection {
  readonly client: RabbitMqClient;
  private readonly logger: Logger;
  private readonly log: ConnectionLog;
  private current: ChannelModel | undefined;
  private readonly connectListeners = new Set<ConnectListener>();
  private started = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly config: RabbitMqConfig,
    private readonly options: RabbitMqConnectionOptions,
  ) {
    this.logger = new Logger(`RabbitMq(${options.name})`);
    this.log = new ConnectionLog(this.logger, config);
    this.client = new RabbitMqClient({
      config,
      connectionName: options.name,
      setup: options.setup,
      heartbeatSeconds: options.heartbeatSeconds,
      connectTimeoutMs: options.connectTimeoutMs,
      confirmTimeoutMs: options.confirmTimeoutMs,
      reconnectDelayMs: options.reconnectInitialDelayMs,
      onManager: (manager) => this.watch(manager),
      onSetupFailed: (error) => this.onSetupFailed(error),
      onChannelReady: () => this.onReady(),
    });
  }

  /** Starts connecting and returns at once; see `waitUntilConnected` to wait. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.attempt();
  }

  isConnected(): boolean {
    return this.current !== undefined;
  }

  /** Resolves once connected; rejects after `timeoutMs`. */
  async waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isConnected()) {
      if (this.closed) throw new Error('RabbitMQ connection is closed');
      if (Date.now() > deadline) throw new Error(`RabbitMQ not connected within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Calls `listener` on every connect from now on, and at once when already connected. Errors are
   * logged: a listener that fails to open its channel tries again on the next connect.
   */
  onConnect(listener: ConnectListener): () => void {
    this.connectListeners.add(listener);
    if (this.current) this.runListener(listener, this.current);
    return () => this.connectListeners.delete(listener);
  }

  /** A channel on the current connection; throws RabbitMqUnavailableError when there is none. */
  async createChannel(): Promise<Channel> {
    const model = this.requireModel();
    const channel = await model.createChannel();
    // An 'error' event without a listener would crash the process; the channel's 'close' follows.
    channel.on('error', () => undefined);
    return channel;
  }

  /**
   * Publishes through Nest's client (`emit`) and resolves once the broker confirmed it and no
   * queue refused it (see RabbitMqClient). Fails at once while disconnected.
   */
  async publish(message: OutgoingMessage): Promise<void> {
    if (!this.isConnected()) throw new RabbitMqUnavailableError();
    await lastValueFrom(this.client.emit(message.type ?? message.queue, message), {
      defaultValue: undefined,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.current = undefined;
    this.connectListeners.clear();
    await this.client.close().catch(() => undefined);
  }

  /**
   * One first-connection attempt through Nest's `connect()`. Nest gives up an attempt at its
   * first failure (and closes that connection manager), so the retry with back-off is here;
   * once connected, the connection manager itself reconnects after a drop.
   */
  private attempt(): void {
    if (this.closed) return;
    this.client.connect().then(
      () => {
        this.failures = 0;
      },
      () => {
        // Logged by the manager's 'connectFailed' listener (watch); only the retry is left.
        if (this.closed) return;
        this.failures += 1;
        const initial = this.options.reconnectInitialDelayMs ?? 250;
        const delay = Math.min(
          this.options.reconnectMaxDelayMs ?? 10_000,
          initial * 2 ** (this.failures - 1),
        );
        this.retryTimer = setTimeout(() => this.attempt(), delay);
      },
    );
  }

  private watch(manager: AmqpConnectionManager): void {
    manager.on('disconnect', ({ err }) => {
      const wasConnected = this.current !== undefined;
      this.current = undefined;
      if (!this.closed && wasConnected) this.log.lost(err);
    });
    manager.on('connectFailed', ({ err }) => {
      if (!this.closed) this.log.failed(err);
    });
    manager.on('blocked', ({ reason }) => {
      this.logger.warn({ msg: 'broker blocked publishing', reason });
    });
    manager.on('unblocked', () => this.logger.log('broker unblocked publishing'));
  }

  /**
   * Connected once the topology has been declared on the new connection (Nest's channel setup
   * ran), so whoever is told can use the queues at once.
   */
  private onReady(): void {
    const model = this.client.manager?.connection;
    if (this.closed || !model || this.current === model) return;
    this.current = model;
    this.log.connected(model.connection.serverProperties.version);
    for (const listener of this.connectListeners) this.runListener(listener, model);
  }

  private onSetupFailed(error: unknown): void {
    // 406 PRECONDITION_FAILED: a queue exists with other arguments. Retrying cannot fix that; it
    // needs a person (see topology.ts on renaming queues).
    const needsOperator = (error as { code?: unknown }).code === 406;
    const entry = { msg: 'declaring the queues failed', reason: errorMessage(error) };
    if (needsOperator) this.logger.error(entry);
    else this.logger.warn(entry);
  }

  private requireModel(): ChannelModel {
    if (!this.current) throw new RabbitMqUnavailableError();
    return this.current;
  }

  private runListener(listener: ConnectListener, model: ChannelModel): void {
    Promise.resolve()
      .then(() => listener(model))
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'connect listener failed', reason: errorMessage(error) });
      });
  }
}

/** The options Nest's transport takes for this broker (the worker's server uses them too). */
export { rmqConnectionOptions };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
