import type { GetMessage, Message, MessagePropertyHeaders } from 'amqplib';
import type { ApiConfig } from '../config/config';
import { ATTEMPT_HEADER, LAST_ERROR_HEADER, republishedHeaders } from '../worker/retry-policy';
import { ConfirmPublisher, type OutgoingMessage } from './confirm-publisher';
import { QueueInspector } from './queue-inspector';
import { errorMessage, RabbitMqConnection } from './rabbitmq-connection';
import type { RedriveOptions } from './redrive-arguments';
import { declareTopology, type Topology, topologyFor } from './topology';

/** The last error a redriven message had in the dead-letter queue (`x-last-error` there). */
export const REDRIVEN_LAST_ERROR_HEADER = 'x-redriven-last-error';
/** When the message was moved back to the work queue (ISO 8601). */
export const REDRIVEN_AT_HEADER = 'x-redriven-at';
/** Set by the worker when it dead-letters a message (worker/contact-consumer.ts). */
export const DEAD_LETTERED_AT_HEADER = 'x-dead-lettered-at';

/** One message of the dead-letter queue, as the operator sees it. */
export interface DeadLetterSummary {
  readonly messageId: string | null;
  readonly type: string | null;
  /** The attempt that failed last (`x-attempt`); null when the header is missing. */
  readonly attempts: number | null;
  readonly lastError: string | null;
  readonly deadLetteredAt: string | null;
}

/** One line of the command's output per message. */
export interface RedriveLine extends DeadLetterSummary {
  readonly action: 'moved' | 'would-move';
}

export interface RedriveResult {
  readonly deadLetterQueue: string;
  readonly workQueue: string;
  readonly dryRun: boolean;
  /** Messages moved to the work queue (always 0 in a dry run). */
  readonly moved: number;
  /** Messages a dry run listed. */
  readonly listed: number;
  /** Messages ready in the dead-letter queue at the end. */
  readonly left: number;
}

/**
 * The run stopped before its end: a copy was not confirmed, or the broker went away. The message
 * in hand stays in the dead-letter queue; `moved` messages are already in the work queue.
 */
export class RedriveError extends Error {
  override readonly name = 'RedriveError';
  constructor(
    message: string,
    readonly moved: number,
  ) {
    super(message);
  }
}

export type RedriveReporter = (line: RedriveLine) => void | Promise<void>;

/**
 * Moves messages from the dead-letter queue back to the work queue, one at a time: take one
 * (unacknowledged), publish a copy through a confirm channel, and only once the broker has
 * confirmed the copy acknowledge the original. An unconfirmed copy hands the original back
 * (nack, requeue) and stops the run, so a message is never in neither queue; at worst it is in
 * both (confirmed, then the connection dropped before the ack), which the worker deduplicates.
 *
 * A dry run takes the messages the same way and never acknowledges them; closing the channel at
 * the end gives them back to the head of the queue in their order. A nack would not: RabbitMQ 3.x
 * puts a nacked message at the back of a quorum queue without a delivery limit (seen on 3.10),
 * which reorders the queue whenever a dry run lists only part of it.
 */
export async function redriveDeadLetters(
  connection: RabbitMqConnection,
  topology: Topology,
  options: RedriveOptions,
  report: RedriveReporter,
  now: () => Date = () => new Date(),
): Promise<RedriveResult> {
  const source = topology.deadLetterQueue;
  const inspector = new QueueInspector(connection);
  const publisher = new ConfirmPublisher(connection);
  const channel = await connection.createChannel();
  let moved = 0;
  const held: GetMessage[] = [];
  try {
    const limit = options.limit ?? (await inspector.messageCount(source));
    while (moved + held.length < limit) {
      const message = await channel.get(source, { noAck: false }).catch((error: unknown) => {
        throw new RedriveError(`could not read ${source}: ${errorMessage(error)}`, moved);
      });
      if (!message) break;
      const summary = describeDeadLetter(message);
      if (options.dryRun) {
        held.push(message);
        await report({ action: 'would-move', ...summary });
        continue;
      }
      try {
        await publisher.publish(redrivenCopy(message, topology.workQueue, now()));
      } catch (error) {
        try {
          channel.nack(message, false, true);
        } catch {
          // The channel has closed: the broker has already put the message back.
        }
        throw new RedriveError(
          `message ${summary.messageId ?? '(no id)'} was not moved (${errorMessage(error)}); ` +
            `it stays in ${source}`,
          moved,
        );
      }
      try {
        channel.ack(message);
      } catch (error) {
        throw new RedriveError(
          `message ${summary.messageId ?? '(no id)'} was copied to ${topology.workQueue} but ` +
            `could not be removed from ${source} (${errorMessage(error)}); the worker will ` +
            `skip the copy left there as a duplicate`,
          moved + 1,
        );
      }
      moved += 1;
      await report({ action: 'moved', ...summary });
    }
    // Messages held unacknowledged are not counted as ready; they go back when the channel closes.
    const left = (await inspector.messageCount(source)) + held.length;
    return {
      deadLetterQueue: source,
      workQueue: topology.workQueue,
      dryRun: options.dryRun,
      moved,
      listed: held.length,
      left,
    };
  } finally {
    await channel.close().catch(() => undefined);
    await publisher.close();
    await inspector.close();
  }
}

/** Connects as `skyport-redrive` (TLS when configured), declares the topology and redrives. */
export async function runRedrive(
  config: ApiConfig,
  options: RedriveOptions,
  report: RedriveReporter,
  connectTimeoutMs = 30_000,
): Promise<RedriveResult> {
  const topology = topologyFor({
    queue: config.rabbitmq.queue,
    retryDelaysMs: config.worker.retryDelaysMs,
    environment: config.environment,
  });
  const connection = new RabbitMqConnection(config.rabbitmq, {
    name: 'skyport-redrive',
    setup: (channel) => declareTopology(channel, topology),
  });
  try {
    connection.start();
    await connection.waitUntilConnected(connectTimeoutMs);
    return await redriveDeadLetters(connection, topology, options, report);
  } finally {
    await connection.close();
  }
}

/** The command's last line. */
export function redriveSummary(result: RedriveResult): string {
  const summary = `redrive: moved ${result.moved}, left ${result.left} in ${result.deadLetterQueue}`;
  return result.dryRun ? `${summary} (dry run: ${result.listed} would move)` : summary;
}

/**
 * The copy for the work queue: the same body and properties, and headers that give it a full set
 * of attempts again (no `x-attempt`) while keeping why it failed. The broker's own dead-lettering
 * history goes, as on every republish (retry-policy.ts).
 */
export function redrivenCopy(message: Message, workQueue: string, at: Date): OutgoingMessage {
  const { properties } = message;
  const { lastError } = describeDeadLetter(message);
  const headers = republishedHeaders(properties.headers, {});
  delete headers[ATTEMPT_HEADER];
  delete headers[LAST_ERROR_HEADER];
  delete headers[DEAD_LETTERED_AT_HEADER];
  return {
    queue: workQueue,
    body: message.content,
    messageId: text(properties.messageId),
    type: text(properties.type),
    contentType: text(properties.contentType),
    contentEncoding: text(properties.contentEncoding),
    correlationId: text(properties.correlationId),
    appId: text(properties.appId),
    timestamp: typeof properties.timestamp === 'number' ? properties.timestamp : undefined,
    headers: {
      ...headers,
      ...(lastError === null ? {} : { [REDRIVEN_LAST_ERROR_HEADER]: lastError }),
      [REDRIVEN_AT_HEADER]: at.toISOString(),
    },
  };
}

/**
 * What the operator needs to know about a dead letter. The worker's dead letters carry
 * `x-last-error` and `x-dead-lettered-at`; one the broker dead-lettered itself (the work queue's
 * delivery limit: a message that kept crashing workers) carries only the broker's `x-death`.
 */
export function describeDeadLetter(message: Message): DeadLetterSummary {
  const headers: MessagePropertyHeaders = message.properties.headers ?? {};
  const death = latestDeath(headers);
  const attempts = Number(headers[ATTEMPT_HEADER]);
  const deathReason = text(death?.reason);
  return {
    messageId: text(message.properties.messageId) ?? null,
    type: text(message.properties.type) ?? null,
    attempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : null,
    lastError:
      text(headers[LAST_ERROR_HEADER]) ??
      (deathReason === undefined
        ? null
        : `dead-lettered by the broker from ${text(death?.queue) ?? 'a queue'}: ${deathReason}`),
    deadLetteredAt: text(headers[DEAD_LETTERED_AT_HEADER]) ?? isoTime(death?.time) ?? null,
  };
}

/** The newest entry of the broker's `x-death` list (it puts the latest first). */
function latestDeath(headers: MessagePropertyHeaders): Record<string, unknown> | undefined {
  const deaths: unknown = headers['x-death'];
  const first: unknown = Array.isArray(deaths) ? deaths[0] : undefined;
  return typeof first === 'object' && first !== null
    ? (first as Record<string, unknown>)
    : undefined;
}

/** An AMQP timestamp: seconds since the epoch, which amqplib wraps as `{ '!': 'timestamp', value }`. */
function isoTime(value: unknown): string | undefined {
  const seconds: unknown =
    typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
