import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message sent through the site's contact form. */
@Entity({ name: 'contact_messages' })
export class ContactMessage {
  /** Also the id of its outbox row and of the RabbitMQ message: one id end to end. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the worker notified the owner; null until then. */
  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;
}
