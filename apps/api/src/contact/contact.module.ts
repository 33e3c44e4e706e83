import { Module } from '@nestjs/common';
import { OutboxModule } from '../messaging/outbox.module';
import { ContactController } from './contact.controller';
import { ContactService } from './contact.service';

/** `POST /contact`, and (through OutboxModule) the relay that publishes contact messages. */
@Module({
  imports: [OutboxModule],
  controllers: [ContactController],
  providers: [ContactService],
})
export class ContactModule {}
