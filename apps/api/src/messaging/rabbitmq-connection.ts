import { Logger } from '@nestjs/common';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type Options,
  type RecoveringChannelModel,
} from 'amqplib';
import type { RabbitMqConfig } from '../config/config';

export interface RabbitMqConnectionOptions {
  /** Shown in the broker's connection list: which process holds the connection. */
  readonly name: string;
  /** Runs on every (re)connect before the connection is handed out: declares the topology. */
  readonly setup?: (channel: Channel) => Promise<void>;
  readonly heartbeatSeconds?: number;
  /** Capped exponential back-off between connection attempts. */
  readonly reconnectInitialDelayMs?: number;
  readonly reconnectMaxDelayMs?: number;
}

/** Thrown when a channel is asked for while the broker is unreachable: callers never wait for it. */
export class RabbitMqUnavailableError extends Error {
  override readonly name = 'RabbitMqUnavailableError';
  constructor() {
    super('RabbitMQ is not connected');
  }
}

type ConnectListener = (model: ChannelModel) => void | Promise<void>;

/**
 * One AMQP connection per process, kept open: it connects in the background (start-up does not
 * wait for the broker, so the API serves and the outbox fills while RabbitMQ is down), reconnects
 * with capped back-off after a drop, declares the topology again on every connect, and tells
 * listeners so they can open their channels (channels do not survive a reconnect).
 */
export class RabbitMqConnection {
  private readonly logger: Logger;
  private recovering: RecoveringChannelModel | undefined;
  private current: ChannelModel | undefined;
  private readonly connectListeners = new Set<ConnectListener>();
  private closed = false;

  constructor(
    private readonly config: RabbitMqConfig,
    private readonly options: RabbitMqConnectionOptions,
  ) {
    this.logger = new Logger(`RabbitMq(${options.name})`);
  }

  /** Starts connecting and returns at once; see `waitUntilConnected` to wait. */
  async start(): Promise<void> {
    if (this.recovering || this.closed) return;
    const setup = this.options.setup;
    this.recovering = await connect(connectionUrl(this.config, this.options), {
      timeout: 10_000,
      clientProperties: { connection_name: this.options.name },
      recovery: {
        waitForConnect: false,
        initialDelay: this.options.reconnectInitialDelayMs ?? 250,
        maxDelay: this.options.reconnectMaxDelayMs ?? 10_000,
        setup: setup
          ? async (model: ChannelModel) => {
              const channel = await model.createChannel();
              channel.on('error', () => undefined);
              try {
                await setup(channel);
              } finally {
                await channel.close().catch(() => undefined);
              }
            }
          : undefined,
      },
    });
    this.recovering.on('connect', (model) => this.onConnected(model));
    this.recovering.on('disconnect', (error) => {
      this.current = undefined;
      if (!this.closed) this.logger.warn({ msg: 'connection lost', reason: error.message });
    });
    this.recovering.on('connect-failed', (error) => {
      // 406 PRECONDITION_FAILED from the topology setup: a queue exists with other arguments.
      // Retrying cannot fix that; it needs a person (see topology.ts on renaming queues).
      const needsOperator = (error as { code?: unknown }).code === 406;
      const entry = { msg: 'connection attempt failed', reason: error.message };
      if (needsOperator) this.logger.error(entry);
      else this.logger.warn(entry);
    });
    this.recovering.on('reconnect-failed', (error) => {
      this.logger.error({ msg: 'gave up reconnecting', reason: error.message });
    });
    this.recovering.on('blocked', (reason) => {
      this.logger.warn({ msg: 'broker blocked publishing', reason });
    });
    this.recovering.on('unblocked', () => this.logger.log('broker unblocked publishing'));
    // Without a listener an 'error' event would crash the process; 'disconnect' follows it.
    this.recovering.on('error', (error) => {
      this.logger.warn({ msg: 'connection error', reason: error.message });
    });
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
    return withErrorListener(await model.createChannel());
  }

  async createConfirmChannel(): Promise<ConfirmChannel> {
    const model = this.requireModel();
    return withErrorListener(await model.createConfirmChannel());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.current = undefined;
    this.connectListeners.clear();
    await this.recovering?.close().catch(() => undefined);
  }

  private requireModel(): ChannelModel {
    if (!this.current) throw new RabbitMqUnavailableError();
    return this.current;
  }

  private onConnected(model: ChannelModel): void {
    this.current = model;
    this.logger.log({ msg: 'connected', server: model.connection.serverProperties.version });
    for (const listener of this.connectListeners) this.runListener(listener, model);
  }

  private runListener(listener: ConnectListener, model: ChannelModel): void {
    Promise.resolve()
      .then(() => listener(model))
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'connect listener failed', reason: errorMessage(error) });
      });
  }
}

/** The connection's address: amqps (TLS, port 5671 on Amazon MQ) when the config says so. */
export function connectionUrl(
  config: RabbitMqConfig,
  options: Pick<RabbitMqConnectionOptions, 'heartbeatSeconds'> = {},
): Options.Connect {
  return {
    protocol: config.tls ? 'amqps' : 'amqp',
    hostname: config.host,
    port: config.port,
    username: config.user,
    password: config.password,
    vhost: '/',
    // A dead peer (a NAT dropping the flow, a broker host gone) is noticed after two missed beats.
    heartbeat: options.heartbeatSeconds ?? 20,
  };
}

/** An 'error' event without a listener would crash the process; the channel's 'close' follows. */
function withErrorListener<T extends Channel>(channel: T): T {
  channel.on('error', () => undefined);
  return channel;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
