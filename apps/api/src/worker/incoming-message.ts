import type { Message } from 'amqplib';
import { type ContactReceivedEvent, parseContactReceived } from '../contact/contact-received.event';
import { MESSAGE_TYPES } from '../messaging/message-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type IncomingContactMessage =
  | { readonly ok: true; readonly messageId: string; readonly event: ContactReceivedEvent }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a delivery from the contact queue. Anything that cannot be handled however often it is
 * retried (no usable message id, another type, a body that is not the expected JSON) is reported
 * as malformed: it goes straight to the dead-letter queue.
 */
export function readContactMessage(message: Message): IncomingContactMessage {
  const messageId: unknown = message.properties.messageId;
  if (typeof messageId !== 'string' || !UUID.test(messageId)) {
    return { ok: false, reason: 'malformed: the message id is missing or not a UUID' };
  }
  const type: unknown = message.properties.type;
  if (type !== MESSAGE_TYPES.contactReceived) {
    return { ok: false, reason: `malformed: unexpected message type ${String(type)}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed: the body is not JSON' };
  }
  const parsed = parseContactReceived(body);
  if (!parsed.ok) return { ok: false, reason: `malformed: ${parsed.reason}` };
  return { ok: true, messageId, event: parsed.event };
}
