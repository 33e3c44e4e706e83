import { ClientRMQ, type ReadPacket } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, Message } from 'amqplib';
import type { RabbitMqConfig } from '../config/config';

/** A message as the broker stores it: raw body bytes and AMQP properties (no Nest envelope). */
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

/** Thrown when a channel is asked for while the broker is unreachable: callers never wait for it. */
export class RabbitMqUnavailableError extends Error {
  override readonly name = 'RabbitMqUnavailableError';
  constructor() {
    super('RabbitMQ is not connected');
  }
}

export interface RabbitMqClientSettings {
  readonly config: RabbitMqConfig;
  /** Shown in the broker's connection list: which process holds the connection. */
  readonly connectionName: string;
  /** Runs on every channel Nest opens (every connect): declares the topology. */
  readonly setup?: (channel: Channel) => Promise<void>;
  /** Sees every connection manager Nest creates (one per connection attempt from `connect()`). */
  readonly onManager?: (manager: AmqpConnectionManager) => void;
  /** Called once a channel is set up (after `setup`, failed or not) on a new connection. */
  readonly onChannelReady?: (channel: Channel) => void;
  /** Called when `setup` fails: the topology could not be declared on this connection. */
  readonly onSetupFailed?: (error: unknown) => void;
  /** A publish without the broker's confirm after this long fails. */
  readonly confirmTimeoutMs?: number;
  /** A connection attempt without the broker's answer after this long fails (a hanging peer). */
  readonly connectTimeoutMs?: number;
  readonly heartbeatSeconds?: number;
  /** Pause before the connection manager reconnects after a lost connection. */
  readonly reconnectDelayMs?: number;
}

/** The options Nest's RMQ transport (client and server alike) takes for our broker. */
export function rmqConnectionOptions(settings: RabbitMqClientSettings) {
  const { config } = settings;
  const url = {
    // amqps (TLS, port 5671 on Amazon MQ) when the config says so. An object, not a URL string:
    // the password needs no escaping and never appears in a URL that could be logged.
    protocol: config.tls ? 'amqps' : 'amqp',
    hostname: config.host,
    port: config.port,
    username: config.user,
    password: config.password,
    vhost: '/',
    // A dead peer (a NAT dropping the flow, a broker host gone) is noticed after two missed beats.
    heartbeat: settings.heartbeatSeconds ?? 20,
  };
  return {
    urls: [url],
    socketOptions: {
      heartbeatIntervalInSeconds: settings.heartbeatSeconds ?? 20,
      reconnectTimeInSeconds: (settings.reconnectDelayMs ?? 1_000) / 1000,
      connectionOptions: {
        // Bounds the TCP connect and the AMQP handshake: a peer that accepts and never answers
        // fails the attempt instead of holding it (and `close()`, which waits for it) forever.
        timeout: settings.connectTimeoutMs ?? 5_000,
        clientProperties: { connection_name: settings.connectionName },
      },
    },
  };
}

/**
 * Nest's RMQ client (`ClientRMQ`, on amqp-connection-manager's confirm channels), publishing the
 * messages this app has always put on the wire. Three things differ from the stock client, each
 * because the stock one cannot keep a guarantee (docs/decisions/0017-rmq-transport.md):
 *
 * - `dispatchEvent` sends the message's own bytes and AMQP properties, `persistent` and
 *   `mandatory`, instead of a JSON `{pattern, data}` envelope: dead letters and redriven copies
 *   must keep their exact bytes (a malformed body too), and the message id, type and retry
 *   headers live in the properties where the broker, its console and the tracing look.
 * - It resolves only when the broker confirmed the message (the channel wrapper waits for
 *   basic.ack) and no basic.return came before that ack: the stock client ignores returns, so an
 *   unroutable message would count as sent. A confirm that does not come in time is a failure.
 * - `setupChannel` declares our topology (quorum queues with our arguments) rather than asserting
 *   one queue with Nest's options, and consumes no reply queue: this client only emits events.
 *
 * Connection and channel handling, reconnects and the `emit` flow are Nest's.
 */
export class RabbitMqClient extends ClientRMQ {
  /** Message ids the broker returned as unroutable; the ack for them follows the return. */
  private readonly returned = new Map<string, number>();
  private readonly confirmTimeoutMs: number;

  constructor(private readonly settings: RabbitMqClientSettings) {
    super({
      ...rmqConnectionOptions(settings),
      queue: '',
      noAssert: true,
      persistent: true,
    });
    this.confirmTimeoutMs = settings.confirmTimeoutMs ?? 10_000;
  }

  /** The connection manager of the current attempt, or null between attempts. */
  get manager(): AmqpConnectionManager | null {
    return this.client as AmqpConnectionManager | null;
  }

  override createClient(): AmqpConnectionManager {
    const manager = super.createClient() as AmqpConnectionManager;
    this.settings.onManager?.(manager);
    return manager;
  }

  override createChannel(): Promise<void> {
    const created = super.createChannel();
    // A channel wrapper emits 'error' when a setup fails; unheard, that would end the process.
    (this.channel as ChannelWrapper | null)?.on('error', (error: unknown) =>
      this.settings.onSetupFailed?.(error),
    );
    return created;
  }

  override async setupChannel(channel: Channel, resolve: () => void): Promise<void> {
    channel.on('return', (message: Message) => this.noteReturned(message));
    try {
      await this.settings.setup?.(channel);
    } catch (error) {
      this.settings.onSetupFailed?.(error);
    }
    this.settings.onChannelReady?.(channel);
    resolve();
  }

  // Nest's listener logs "Disconnected from RMQ" and the error object (a stack dump) on every
  // drop; the connection's own listeners log one line (connection-log.ts). The state handling
  // is Nest's, as is its connect listener (private, so not replaceable).
  override registerDisconnectListener(client: AmqpConnectionManager): void {
    client.on('disconnect', () => {
      this._status$.next('disconnected' as never);
      if (!this.isInitialConnect) {
        this.connectionPromise = Promise.reject(new RabbitMqUnavailableError());
        this.connectionPromise.catch(() => undefined);
      }
    });
  }

  override registerErrorListener(client: AmqpConnectionManager): void {
    client.on('error', (error: unknown) => this.settings.onSetupFailed?.(error));
  }

  protected override async dispatchEvent(packet: ReadPacket<OutgoingMessage>): Promise<void> {
    const message = packet.data;
    const channel = this.channel as ChannelWrapper | null;
    if (!channel) throw new RabbitMqUnavailableError();
    try {
      await channel.sendToQueue(message.queue, message.body, {
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
        timeout: this.confirmTimeoutMs,
      });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      throw new PublishError(
        text === 'timeout'
          ? `no confirm from RabbitMQ within ${this.confirmTimeoutMs} ms`
          : `RabbitMQ refused the message: ${text}`,
      );
    }
    if (this.takeReturned(message.messageId ?? '')) {
      throw new PublishError(`no queue named ${message.queue} took the message`);
    }
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
