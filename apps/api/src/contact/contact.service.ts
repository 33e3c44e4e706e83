import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGE_TYPES } from '../messaging/message-types';
import { Outbox } from '../messaging/outbox';
import { OutboxRelay } from '../messaging/outbox-relay';
import { ContactMessage } from './contact-message.entity';
import { contactReceivedPayload } from './contact-received.event';
import type {
  ContactAcceptedDto,
  ContactMessagePageDto,
  CreateContactMessageDto,
} from './contact.dto';

@Injectable()
export class ContactService {
  private readonly logger = new Logger(ContactService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Stores the message and its `contact.received` announcement in one statement: both or
   * neither. RabbitMQ is not involved here; the relay is woken to publish right after the commit.
   */
  async accept(input: CreateContactMessageDto): Promise<ContactAcceptedDto> {
    const id = randomUUID();
    if (input.website) {
      // The answer looks the same to the bot, which learns nothing from it.
      this.logger.log({ msg: 'contact message discarded by the spam trap', id });
      return { id, status: 'accepted' };
    }
    const message = {
      id,
      name: input.name,
      email: input.email,
      message: input.message,
      createdAt: new Date(),
    };
    // The message and its outbox row in one statement, both or neither (Outbox.addWith).
    await this.outbox.addWith(
      {
        table: 'contact_messages',
        columns: ['id', 'name', 'email', 'message', 'created_at'],
        values: [message.id, message.name, message.email, message.message, message.createdAt],
      },
      { id, type: MESSAGE_TYPES.contactReceived, payload: contactReceivedPayload(message) },
    );
    this.relay.wake();
    return { id, status: 'accepted' };
  }

  /** The messages received, newest first, for the owner's dashboard. */
  async list(page: number, pageSize: number): Promise<ContactMessagePageDto> {
    const [rows, total] = await this.dataSource.getRepository(ContactMessage).findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        message: row.message,
        receivedAt: row.createdAt.toISOString(),
        notifiedAt: row.notifiedAt?.toISOString() ?? null,
      })),
      page,
      pageSize,
      total,
    };
  }
}
