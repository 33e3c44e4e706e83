import { loadConfig } from '../config/config';
import { afterFailure, attemptOf, republishedHeaders } from './retry-policy';

describe('the contact retry policy', () => {
  it('retries after each configured delay, then dead-letters', () => {
    const delays = [1_000, 5_000, 30_000];
    expect(afterFailure(1, delays)).toEqual({ kind: 'retry', delayMs: 1_000, attempt: 2 });
    expect(afterFailure(2, delays)).toEqual({ kind: 'retry', delayMs: 5_000, attempt: 3 });
    expect(afterFailure(3, delays)).toEqual({ kind: 'retry', delayMs: 30_000, attempt: 4 });
    expect(afterFailure(4, delays)).toEqual({ kind: 'dead-letter' });
    expect(afterFailure(1, [])).toEqual({ kind: 'dead-letter' });
  });

  it('reads the attempt header, treating a missing or odd one as the first attempt', () => {
    expect(attemptOf(undefined)).toBe(1);
    expect(attemptOf({})).toBe(1);
    expect(attemptOf({ 'x-attempt': 3 })).toBe(3);
    expect(attemptOf({ 'x-attempt': 'nope' })).toBe(1);
    expect(attemptOf({ 'x-attempt': 0 })).toBe(1);
  });

  it("drops the broker's dead-lettering history from a republished copy", () => {
    const headers = republishedHeaders(
      {
        'x-death': [],
        'x-first-death-queue': 'contact.retry.1000ms',
        'x-last-death-reason': 'expired',
        'x-delivery-count': 1,
        'x-trace': 'kept',
      },
      { 'x-attempt': 2 },
    );
    expect(headers).toEqual({ 'x-trace': 'kept', 'x-attempt': 2 });
  });
});

describe('CONTACT_RETRY_DELAYS_MS', () => {
  const base = {
    DATABASE_HOST: 'db',
    DATABASE_NAME: 'skyport',
    DATABASE_USER: 'skyport',
    DATABASE_PASSWORD: 'secret',
    REDIS_HOST: 'cache',
    RABBITMQ_HOST: 'mq',
    RABBITMQ_USER: 'skyport',
    RABBITMQ_PASSWORD: 'secret',
    CORS_ORIGIN: 'https://example.com',
    OWNER_EMAIL: 'owner@example.com',
    AUTH_TOKEN_SECRET: 'x'.repeat(64),
    BEDROCK_REGION: 'eu-west-1',
    BEDROCK_MODEL_ID: 'model',
  };

  it('defaults to 1 s, 5 s and 30 s', () => {
    expect(loadConfig(base).worker.retryDelaysMs).toEqual([1_000, 5_000, 30_000]);
  });

  it('reads a comma-separated list', () => {
    expect(
      loadConfig({ ...base, CONTACT_RETRY_DELAYS_MS: '100, 200' }).worker.retryDelaysMs,
    ).toEqual([100, 200]);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ ...base, CONTACT_RETRY_DELAYS_MS: '' }).worker.retryDelaysMs).toEqual([
      1_000, 5_000, 30_000,
    ]);
  });

  it.each(['abc', '100,,200', '-5', '0', '1,2,3,4,5,6,7,8,9,10,11'])(
    'refuses %j with a message naming it',
    (value) => {
      expect(() => loadConfig({ ...base, CONTACT_RETRY_DELAYS_MS: value })).toThrow(
        /CONTACT_RETRY_DELAYS_MS must list/,
      );
    },
  );
});
