import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';
import { MESSAGE_TYPES } from './message-types';

/**
 * The pattern of a message whose AMQP `type` names nothing this app handles (or is missing): the
 * consumer of the queue dead-letters it with the reason, rather than Nest rejecting it unread.
 */
export const UNREADABLE_MESSAGE = 'skyport.unreadable';

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(MESSAGE_TYPES));

/**
 * Reads the messages on our queues as they are on the wire: the body is the event itself and
 * the AMQP `type` property says what it is (the outbox relay, the retry and dead-letter copies
 * and redrive all publish that way), not Nest's `{pattern, data}` envelope. The pattern is the
 * type; `data` is the body as Nest parsed it (JSON, else the text). Handlers read the exact
 * delivery (bytes, message id, headers) from the `RmqContext`. No `id` is ever set, so every
 * message is an event (`@EventPattern`), never a request awaiting a reply.
 */
export class AmqpMessageDeserializer implements ConsumerDeserializer {
  deserialize(value: unknown, options?: Record<string, unknown>): IncomingEvent {
    const type = options?.type;
    return {
      pattern: typeof type === 'string' && KNOWN_TYPES.has(type) ? type : UNREADABLE_MESSAGE,
      data: value,
    };
  }
}
