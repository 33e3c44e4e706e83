import { randomUUID } from 'node:crypto';
import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type GetMessage,
  type Options,
} from 'amqplib';
import type { ApiConfig } from '../../config/config';
import { deleteTopology, type Topology, topologyFor } from '../topology';

/**
 * A test's own connection to the real local broker (never through a test's TCP proxy), to look
 * into queues, publish raw messages and delete the test's queues afterwards.
 */
export class TestBroker {
  private constructor(
    private readonly model: ChannelModel,
    readonly channel: ConfirmChannel,
    readonly topology: Topology,
  ) {}

  static async connect(config: ApiConfig): Promise<TestBroker> {
    const model = await connect({
      protocol: 'amqp',
      hostname: process.env.RABBITMQ_HOST ?? '127.0.0.1',
      port: Number(process.env.RABBITMQ_PORT ?? 5672),
      username: config.rabbitmq.user,
      password: config.rabbitmq.password,
    });
    model.on('error', () => undefined);
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    const topology = topologyFor({
      queue: config.rabbitmq.queue,
      retryDelaysMs: config.worker.retryDelaysMs,
      environment: config.environment,
    });
    return new TestBroker(model, channel, topology);
  }

  async publish(
    queue: string,
    body: Buffer | string,
    options: Options.Publish = {},
  ): Promise<void> {
    this.channel.sendToQueue(queue, typeof body === 'string' ? Buffer.from(body) : body, {
      persistent: true,
      contentType: 'application/json',
      ...options,
    });
    await this.channel.waitForConfirms();
  }

  /**
   * Publishes a `contact.received` message to the work queue as the outbox relay does (Ada's
   * message unless `fields` says otherwise) and returns its id.
   */
  async publishContact(
    fields: Partial<Record<'id' | 'name' | 'email' | 'message' | 'receivedAt', string>> = {},
    options: Options.Publish = {},
  ): Promise<string> {
    const body = {
      id: randomUUID(),
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      message: 'Shall we talk?',
      receivedAt: new Date().toISOString(),
      ...fields,
    };
    await this.publish(this.topology.workQueue, JSON.stringify(body), {
      messageId: body.id,
      type: 'contact.received',
      ...options,
    });
    return body.id;
  }

  /** Takes one message off a queue (acknowledged), or false when it is empty. */
  async take(queue: string): Promise<GetMessage | false> {
    const message = await this.channel.get(queue, { noAck: true });
    return message;
  }

  /** Every message currently on a queue, taken off it. */
  async drain(queue: string): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (let message = await this.take(queue); message; message = await this.take(queue)) {
      messages.push(message);
    }
    return messages;
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Asked on a channel of its own: asking about a missing queue closes the channel. */
  async queueExists(queue: string): Promise<boolean> {
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.checkQueue(queue);
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes the test's queues (those that exist) and closes the connection. */
  async deleteQueuesAndClose(): Promise<void> {
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    await deleteTopology(channel, this.topology).catch(() => undefined);
    await this.model.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

export { eventually } from '../../testing/eventually';
