import { Injectable, Logger } from '@nestjs/common';

/** What the owner is told about a contact message. */
export interface ContactNotification {
  /** The AMQP message id (the contact message's id). */
  readonly messageId: string;
  /** 1 for the first delivery, 2 for the first retry, and so on. */
  readonly attempt: number;
  readonly name: string;
  readonly email: string;
  readonly message: string;
  readonly receivedAt: string;
}

/**
 * Tells the owner about a contact message. Throwing means "try again later": the worker retries
 * with back-off and finally dead-letters the message. It may be called again for a message it
 * already handled if the worker dies between the call and the commit, so it should tolerate that.
 */
export interface Notifier {
  notify(notification: ContactNotification): Promise<void>;
}

/** Injection token of the Notifier (`@Inject(NOTIFIER) notifier: Notifier`). */
export const NOTIFIER = Symbol('NOTIFIER');

/**
 * The notifier where no e-mail sender is configured (local development): one structured log line
 * per message, which a CloudWatch metric filter or subscription can act on. No name, address or text in it: logs are
 * kept longer and read by more people than the database.
 */
@Injectable()
export class LoggingNotifier implements Notifier {
  private readonly logger = new Logger('ContactNotifier');

  notify(notification: ContactNotification): Promise<void> {
    this.logger.log({
      msg: 'contact message received',
      event: 'contact.received',
      messageId: notification.messageId,
      attempt: notification.attempt,
      receivedAt: notification.receivedAt,
      messageLength: notification.message.length,
    });
    return Promise.resolve();
  }
}
