import 'reflect-metadata';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { loadConfig } from '../config/config';
import { startMoto, type Moto } from '../testing/moto';
import { contactEmail, SesNotifier } from './ses-notifier';

const NOTIFICATION = {
  messageId: '018a4b61-ad6e-429a-8ab4-70d85a870196',
  attempt: 1,
  name: 'Grace Hopper',
  email: 'grace@example.com',
  message: 'Can we talk about compilers?',
  receivedAt: '2026-12-03T09:00:00.000Z',
};

function notifierFor(moto: Moto, from: string): SesNotifier {
  return new SesNotifier(
    loadConfig({
      DATABASE_HOST: 'x',
      DATABASE_NAME: 'x',
      DATABASE_USER: 'x',
      DATABASE_PASSWORD: 'x',
      REDIS_HOST: 'x',
      RABBITMQ_HOST: 'x',
      RABBITMQ_USER: 'x',
      RABBITMQ_PASSWORD: 'x',
      CORS_ORIGIN: 'http://localhost:3001',
      OWNER_EMAIL: 'owner@example.com',
      AUTH_TOKEN_SECRET: 'x'.repeat(32),
      BEDROCK_REGION: 'us-east-1',
      BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
      NOTIFY_EMAIL_FROM: from,
      SES_REGION: 'eu-west-1',
      SES_ENDPOINT: moto.endpoint,
    }),
  );
}

describe('SesNotifier against moto’s SES on loopback', () => {
  let moto: Moto;
  const credentials = {
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
  };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    moto = await startMoto();
    const ses = new SESv2Client({ region: 'eu-west-1', endpoint: moto.endpoint });
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'notifications@example.com' }));
    ses.destroy();
  });
  afterAll(async () => {
    await moto?.stop();
    Object.assign(process.env, credentials);
  });

  it('e-mails the owner from the verified sender, with the visitor’s name, address and message', async () => {
    const notifier = notifierFor(moto, 'notifications@example.com');
    await notifier.notify(NOTIFICATION);
    notifier.onModuleDestroy();
    const { Message: sent = [] } = await moto.data('ses');
    expect(sent).toEqual([
      expect.objectContaining({
        source: 'notifications@example.com',
        destinations: { ToAddresses: ['owner@example.com'] },
        subject: 'Contact message from Grace Hopper [018a4b61]',
        body: expect.stringContaining('Grace Hopper <grace@example.com> wrote') as unknown,
      }),
    ]);
    expect((sent[0] as { body: string }).body).toContain('Can we talk about compilers?');
  });

  it('throws when SES refuses (an unverified sender), so the worker retries and nothing is lost', async () => {
    const notifier = notifierFor(moto, 'nobody@unverified.example');
    await expect(notifier.notify(NOTIFICATION)).rejects.toThrow(/not verified|MessageRejected/i);
    notifier.onModuleDestroy();
  });
});

describe('contactEmail', () => {
  it('sets Reply-To to the visitor and keeps a line break out of the subject', () => {
    const email = contactEmail(
      { ...NOTIFICATION, name: 'Eve\r\nBcc: x@example.com' },
      'from@example.com',
      'to@example.com',
    );
    expect(email.ReplyToAddresses).toEqual(['grace@example.com']);
    expect(email.Content.Simple.Subject.Data).toBe(
      'Contact message from Eve Bcc: x@example.com [018a4b61]',
    );
  });
});
