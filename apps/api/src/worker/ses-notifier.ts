import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { ContactNotification, Notifier } from './notifier';

/**
 * E-mails the owner about each contact message through Amazon SES (v2 SendEmail), from the
 * verified `NOTIFY_EMAIL_FROM` address, with Reply-To set to the visitor so the owner answers
 * with one click. A failure throws, so the worker retries with back-off and finally dead-letters
 * the message: nothing is lost. A redelivery after a crash between sending and committing can
 * send a second e-mail; the subject carries the message id so the owner sees it is the same one.
 */
@Injectable()
export class SesNotifier implements Notifier, OnModuleDestroy {
  private readonly logger = new Logger('ContactNotifier');
  private readonly client: SESv2Client;
  private readonly from: string;
  private readonly to: string;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const { notifications } = config;
    if (notifications.emailFrom === undefined) {
      throw new Error('SesNotifier needs NOTIFY_EMAIL_FROM (the verified sender address)');
    }
    this.from = notifications.emailFrom;
    this.to = config.auth.ownerEmail;
    this.client = new SESv2Client({
      region: notifications.sesRegion,
      maxAttempts: 3,
      ...(notifications.sesEndpoint ? { endpoint: notifications.sesEndpoint } : {}),
    });
  }

  async notify(notification: ContactNotification): Promise<void> {
    const result = await this.client.send(
      new SendEmailCommand(contactEmail(notification, this.from, this.to)),
    );
    // No name, address or text in the log line: logs outlive the database and more people read them.
    this.logger.log({
      msg: 'contact message e-mailed to the owner',
      event: 'contact.notified',
      messageId: notification.messageId,
      attempt: notification.attempt,
      sesMessageId: result.MessageId,
    });
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}

/** The SendEmail request for one contact message: plain text, Reply-To the visitor. */
export function contactEmail(notification: ContactNotification, from: string, to: string) {
  // A name is one line of at most 100 characters (the API checks); keep header injection impossible anyway.
  const name = notification.name.replace(/[\r\n]+/g, ' ').slice(0, 100);
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [to] },
    ReplyToAddresses: [notification.email],
    Content: {
      Simple: {
        Subject: {
          Data: `Contact message from ${name} [${notification.messageId.slice(0, 8)}]`,
          Charset: 'UTF-8',
        },
        Body: {
          Text: {
            Data:
              `${name} <${notification.email}> wrote through the site's contact form ` +
              `on ${notification.receivedAt}:\n\n${notification.message}\n\n` +
              `Reply to this e-mail to answer. Message id: ${notification.messageId}\n`,
            Charset: 'UTF-8',
          },
        },
      },
    },
  };
}
