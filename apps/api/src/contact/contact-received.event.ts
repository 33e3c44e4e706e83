import { plainToInstance } from 'class-transformer';
import {
  IsEmail,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  validateSync,
} from 'class-validator';
import { CONTACT_LIMITS } from './contact-limits';
import type { ContactMessage } from './contact-message.entity';

/**
 * The body of a `contact.received` message: what the worker needs to notify the owner without
 * reading the database. The worker checks every message against it; one that does not match
 * goes to the dead-letter queue.
 */
export class ContactReceivedEvent {
  /** The contact message's id (also the AMQP message id). */
  @IsUUID()
  id: string;

  @IsString()
  @Length(1, CONTACT_LIMITS.nameMaxLength)
  name: string;

  @IsEmail()
  @MaxLength(CONTACT_LIMITS.emailMaxLength)
  email: string;

  @IsString()
  @Length(1, CONTACT_LIMITS.messageMaxLength)
  message: string;

  @IsISO8601({ strict: true })
  receivedAt: string;
}

export function contactReceivedPayload(
  message: Pick<ContactMessage, 'id' | 'name' | 'email' | 'message' | 'createdAt'>,
): Record<string, unknown> {
  return {
    id: message.id,
    name: message.name,
    email: message.email,
    message: message.message,
    receivedAt: message.createdAt.toISOString(),
  };
}

export type ParsedEvent =
  | { readonly ok: true; readonly event: ContactReceivedEvent }
  | { readonly ok: false; readonly reason: string };

/** Checks a decoded message body; unknown extra fields are ignored (newer producers). */
export function parseContactReceived(body: unknown): ParsedEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'the body is not a JSON object' };
  }
  const event = plainToInstance(ContactReceivedEvent, body, { excludeExtraneousValues: false });
  const errors = validateSync(event, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = errors.map((error) => error.property).join(', ');
    return { ok: false, reason: `invalid fields: ${fields}` };
  }
  return { ok: true, event };
}
