import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OutboxModule } from '../messaging/outbox.module';
import { ContactController } from './contact.controller';
import { ContactService } from './contact.service';

/** `POST /contact`, the owner's `GET /contact/messages`, and (through OutboxModule) the relay that publishes contact messages. */
@Module({
  imports: [OutboxModule, AuthModule],
  controllers: [ContactController],
  providers: [ContactService],
})
export class ContactModule {}
