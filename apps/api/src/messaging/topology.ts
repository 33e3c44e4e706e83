import type { Channel } from 'amqplib';
import { MESSAGE_TYPES } from './message-types';

/**
 * Every queue the API and the worker use, declared by the app itself with explicit arguments
 * (docs/decisions/0008): RabbitMQ 4.2 on Amazon MQ makes quorum queues by default while the local
 * 3.10 broker makes classic ones, so the type is always stated. A queue's arguments cannot change
 * once it exists (PRECONDITION_FAILED), which is why a retry queue is named after its delay: a new
 * delay is a new queue, and the old one empties itself through its TTL.
 *
 * All messages go through the default exchange, routed by queue name: no exchange to declare.
 */
export interface Topology {
  /** The work queue the worker consumes (`contact`). */
  readonly workQueue: string;
  /** Messages that failed every attempt or could not be read (`contact.dead-letter`). */
  readonly deadLetterQueue: string;
  /** One per retry delay, in attempt order; each dead-letters back to the work queue. */
  readonly retryQueues: readonly RetryQueue[];
  /** Set only for test runs: unused queues disappear on their own (see `topologyFor`). */
  readonly expiresMs?: number;
}

export interface RetryQueue {
  readonly name: string;
  readonly delayMs: number;
}

/** A message on the work queue that has failed this often is dead-lettered by the broker. */
export const WORK_QUEUE_DELIVERY_LIMIT = 20;

/** Effectively no limit, on 3.x and 4.x alike (4.x's `-1` is refused by 3.x). */
export const DEAD_LETTER_DELIVERY_LIMIT = 1_000_000;

/** A test queue nobody has used for this long is deleted by the broker (leak guard). */
const TEST_QUEUE_EXPIRY_MS = 30 * 60 * 1000;

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dead-letter`;
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

export interface TopologySettings {
  readonly queue: string;
  readonly retryDelaysMs: readonly number[];
  readonly environment: 'production' | 'development' | 'test';
}

/**
 * The topology for a queue name and retry schedule. Test runs use a unique queue name per test
 * file and many never delete their queues (every API test connects the outbox relay), so their
 * queues expire after half an hour unused; real environments never set an expiry.
 */
export function topologyFor(settings: TopologySettings): Topology {
  const delays = [...new Set(settings.retryDelaysMs)];
  return {
    workQueue: settings.queue,
    deadLetterQueue: deadLetterQueueName(settings.queue),
    retryQueues: delays.map((delayMs) => ({
      name: retryQueueName(settings.queue, delayMs),
      delayMs,
    })),
    expiresMs: settings.environment === 'test' ? TEST_QUEUE_EXPIRY_MS : undefined,
  };
}

/** Quorum-queue dead-lettering that is itself confirmed, so a broker crash cannot drop it. */
function deadLetterTo(queue: string): Record<string, unknown> {
  return {
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue,
    'x-dead-letter-strategy': 'at-least-once',
    // Required by at-least-once dead-lettering; with no length limit it never rejects.
    'x-overflow': 'reject-publish',
  };
}

/** The declarations, as data: what `declareTopology` asserts, in order. */
export function queueDeclarations(
  topology: Topology,
): Array<{ name: string; arguments: Record<string, unknown> }> {
  const common: Record<string, unknown> = {
    'x-queue-type': 'quorum',
    ...(topology.expiresMs === undefined ? {} : { 'x-expires': topology.expiresMs }),
  };
  return [
    {
      name: topology.deadLetterQueue,
      arguments: {
        ...common,
        // RabbitMQ 4 gives every quorum queue a delivery limit of 20, and a message returned to a
        // queue with no dead-letter target of its own is dropped at the limit. Each look at the
        // dead-letter queue (a redrive dry run, a failed redrive) counts, so lift the limit here.
        'x-delivery-limit': DEAD_LETTER_DELIVERY_LIMIT,
      },
    },
    {
      name: topology.workQueue,
      arguments: {
        ...common,
        // A message that keeps coming back (a worker crashing on it) ends in the dead-letter
        // queue rather than looping; RabbitMQ 4 has a default of 20, 3.10 has none.
        'x-delivery-limit': WORK_QUEUE_DELIVERY_LIMIT,
        ...deadLetterTo(topology.deadLetterQueue),
      },
    },
    ...topology.retryQueues.map((retry) => ({
      name: retry.name,
      arguments: {
        ...common,
        // One TTL per queue: quorum queues expire messages at the head only, so a queue must
        // never mix delays.
        'x-message-ttl': retry.delayMs,
        ...deadLetterTo(topology.workQueue),
      },
    })),
  ];
}

/** Asserts every queue (idempotent with the same arguments); run on every (re)connect. */
export async function declareTopology(channel: Channel, topology: Topology): Promise<void> {
  for (const queue of queueDeclarations(topology)) {
    await channel.assertQueue(queue.name, { durable: true, arguments: queue.arguments });
  }
}

/** Removes every queue of the topology: for tests, which make their own. */
export async function deleteTopology(channel: Channel, topology: Topology): Promise<void> {
  for (const queue of queueDeclarations(topology)) {
    await channel.deleteQueue(queue.name);
  }
}

/** The queue a message type is published to; undefined for a type nobody consumes. */
export function queueForMessageType(topology: Topology, type: string): string | undefined {
  return type === MESSAGE_TYPES.contactReceived ? topology.workQueue : undefined;
}
