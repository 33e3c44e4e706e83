import type { Message, MessageProperties, XDeath } from 'amqplib';
import { describeDeadLetter, redrivenCopy, redriveSummary } from './redrive';

function deadLetter(properties: Partial<MessageProperties>, body = '{}'): Message {
  return {
    content: Buffer.from(body),
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: '',
      routingKey: 'contact.dead-letter',
    },
    properties: { headers: {}, ...properties } as MessageProperties,
  };
}

const timestamp = (seconds: number) => ({ '!': 'timestamp', value: seconds });

describe('describing a dead letter', () => {
  it("reads the worker's headers", () => {
    const message = deadLetter({
      messageId: 'm-1',
      type: 'contact.received',
      headers: {
        'x-attempt': 4,
        'x-last-error': 'mail relay unavailable',
        'x-dead-lettered-at': '2031-01-02T03:04:05.000Z',
      },
    });
    expect(describeDeadLetter(message)).toEqual({
      messageId: 'm-1',
      type: 'contact.received',
      attempts: 4,
      lastError: 'mail relay unavailable',
      deadLetteredAt: '2031-01-02T03:04:05.000Z',
    });
  });

  it("falls back to the broker's x-death for a message the broker dead-lettered itself", () => {
    const message = deadLetter({
      messageId: 'm-2',
      headers: {
        // As amqplib decodes them; the broker puts the latest first.
        'x-death': [
          { queue: 'contact', reason: 'delivery_limit', count: 1, time: timestamp(1_925_000_000) },
          { queue: 'contact.retry.1000ms', reason: 'expired', count: 1, time: timestamp(1_924) },
        ] as unknown as XDeath[],
      },
    });
    expect(describeDeadLetter(message)).toEqual({
      messageId: 'm-2',
      type: null,
      attempts: null,
      lastError: 'dead-lettered by the broker from contact: delivery_limit',
      deadLetteredAt: new Date(1_925_000_000 * 1000).toISOString(),
    });
  });

  it('says null for what it does not know', () => {
    expect(describeDeadLetter(deadLetter({ headers: { 'x-attempt': 'two' } }))).toEqual({
      messageId: null,
      type: null,
      attempts: null,
      lastError: null,
      deadLetteredAt: null,
    });
  });
});

describe('the redriven copy', () => {
  it('gives a broker-dead-lettered message the reason as its redriven last error', () => {
    const copy = redrivenCopy(
      deadLetter({
        messageId: 'm-3',
        headers: {
          'x-death': [
            { queue: 'contact', reason: 'delivery_limit', count: 1 },
          ] as unknown as XDeath[],
          'x-first-death-reason': 'delivery_limit',
          'x-delivery-count': 20,
        },
      }),
      'contact',
      new Date('2031-05-06T07:08:09.000Z'),
    );
    expect(copy.headers).toEqual({
      'x-redriven-last-error': 'dead-lettered by the broker from contact: delivery_limit',
      'x-redriven-at': '2031-05-06T07:08:09.000Z',
    });
  });
});

describe('the summary line', () => {
  const result = {
    deadLetterQueue: 'contact.dead-letter',
    workQueue: 'contact',
    moved: 3,
    listed: 0,
    left: 1,
    dryRun: false,
  };

  it('says how many moved and how many are left', () => {
    expect(redriveSummary(result)).toBe('redrive: moved 3, left 1 in contact.dead-letter');
  });

  it('says what a dry run would have moved', () => {
    expect(redriveSummary({ ...result, dryRun: true, moved: 0, listed: 2, left: 4 })).toBe(
      'redrive: moved 0, left 4 in contact.dead-letter (dry run: 2 would move)',
    );
  });
});
