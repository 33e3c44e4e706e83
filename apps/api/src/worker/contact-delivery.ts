import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContactReceivedEvent } from '../contact/contact-received.event';
import { NOTIFIER, type Notifier } from './notifier';

/** This consumer's name in `processed_messages`. */
export const CONTACT_NOTIFIER_CONSUMER = 'contact-notifier';

export type DeliveryOutcome = 'delivered' | 'duplicate';

/**
 * Notifies the owner of one contact message, once per message id. The idempotency row, the
 * notification and the delivery record share a transaction: when the notifier fails, everything
 * rolls back and a later attempt starts afresh; when the same message arrives twice (even at the
 * same time, on two workers), the second insert waits for the first transaction and then finds
 * the row, so the owner is notified once.
 */
@Injectable()
export class ContactDelivery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
  ) {}

  async deliver(
    messageId: string,
    event: ContactReceivedEvent,
    attempt: number,
  ): Promise<DeliveryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO "processed_messages" ("consumer", "message_id") VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING "message_id"`,
        [CONTACT_NOTIFIER_CONSUMER, messageId],
      );
      if (inserted.length === 0) return 'duplicate';
      await this.notifier.notify({
        messageId,
        attempt,
        name: event.name,
        email: event.email,
        message: event.message,
        receivedAt: event.receivedAt,
      });
      await manager.query(
        `UPDATE "contact_messages" SET "notified_at" = now() WHERE "id" = $1 AND "notified_at" IS NULL`,
        [event.id],
      );
      return 'delivered';
    });
  }
}
