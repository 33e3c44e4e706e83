import { ConfigError, loadConfig } from './config';

/** What the app stack injects for a managed-data environment (decision 0008). */
const MANAGED: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  HOST: '0.0.0.0',
  PORT: '3000',
  DATABASE_HOST: 'db.abc.eu-west-1.rds.amazonaws.com',
  DATABASE_PORT: '5432',
  DATABASE_NAME: 'skyport',
  DATABASE_SSL: 'verify-full',
  DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf',
  DATABASE_USER: 'skyport',
  DATABASE_PASSWORD: 'from-secrets-manager',
  REDIS_HOST: 'master.cache.euw1.cache.amazonaws.com',
  REDIS_PORT: '6379',
  REDIS_TLS: 'true',
  REDIS_PASSWORD: 'auth-token',
  RABBITMQ_HOST: 'b-1.mq.eu-west-1.amazonaws.com',
  RABBITMQ_PORT: '5671',
  RABBITMQ_TLS: 'true',
  RABBITMQ_USER: 'skyport',
  RABBITMQ_PASSWORD: 'broker-password',
  RABBITMQ_QUEUE: 'contact',
  CORS_ORIGIN: 'https://example.com',
  AUTH_TOKEN_SECRET: 'a'.repeat(64),
  OWNER_EMAIL: 'Owner@Example.com',
  BEDROCK_REGION: 'eu-west-1',
  BEDROCK_MODEL_ID: 'eu.amazon.nova-lite-v1:0',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''));
  }
  return [];
}

describe('configuration', () => {
  it('reads everything the app stack injects', () => {
    const config = loadConfig(MANAGED);
    expect(config).toMatchObject({
      environment: 'production',
      port: 3000,
      database: {
        host: 'db.abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
        name: 'skyport',
        ssl: 'verify-full',
        secretArn: MANAGED.DATABASE_SECRET_ARN,
      },
      redis: { tls: true, port: 6379, password: 'auth-token', keyPrefix: 'skyport:' },
      rabbitmq: { tls: true, port: 5671, queue: 'contact' },
      corsOrigins: ['https://example.com'],
      auth: { ownerEmail: 'owner@example.com', accessTokenTtlSeconds: 900 },
      bedrock: { region: 'eu-west-1', modelId: 'eu.amazon.nova-lite-v1:0' },
      shutdown: { graceMs: 5000, timeoutMs: 45000 },
      worker: { prefetch: 10, retryDelaysMs: [1000, 5000, 30000] },
    });
    expect(loadConfig({ ...MANAGED, WORKER_PREFETCH: '4' }).worker.prefetch).toBe(4);
  });

  it('names every missing variable at once, with what a valid value looks like', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        'DATABASE_HOST is not set: expected the PostgreSQL host name, e.g. 127.0.0.1',
        "DATABASE_PASSWORD is not set: expected the PostgreSQL user's password",
        'REDIS_HOST is not set: expected the Redis host name, e.g. 127.0.0.1',
        'RABBITMQ_USER is not set: expected the RabbitMQ user name',
        'CORS_ORIGIN is not set: expected the site origin, e.g. https://example.com',
        'AUTH_TOKEN_SECRET is not set: expected a random string of at least 32 characters',
        'OWNER_EMAIL is not set: expected the e-mail address of the portfolio owner',
        'BEDROCK_REGION is not set: expected an AWS region like eu-west-1',
        'BEDROCK_MODEL_ID is not set: expected a model or inference profile id',
      ]),
    );
  });

  it.each([
    ['PORT', '99999', 'PORT must be a whole number from 1 to 65535, got "99999"'],
    [
      'DATABASE_SSL',
      'maybe',
      'DATABASE_SSL must be one of disable, require, verify-full, got "maybe"',
    ],
    ['REDIS_TLS', 'yes', 'REDIS_TLS must be true or false, got "yes"'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of production, development, test, got "staging"'],
    [
      'CORS_ORIGIN',
      'https://example.com/',
      'CORS_ORIGIN must list origins like https://example.com',
    ],
    ['CORS_ORIGIN', '*', 'CORS_ORIGIN must list origins like https://example.com'],
    [
      'BEDROCK_REGION',
      'Europe',
      'BEDROCK_REGION must be an AWS region like eu-west-1, got "Europe"',
    ],
    ['OWNER_EMAIL', 'owner', 'OWNER_EMAIL must be the e-mail address of the portfolio owner'],
    [
      'DATABASE_SECRET_ARN',
      'my-secret',
      'DATABASE_SECRET_ARN must be a Secrets Manager secret ARN',
    ],
    ['WORKER_PREFETCH', '0', 'WORKER_PREFETCH must be a whole number from 1 to 1000, got "0"'],
    [
      'CLIENT_ADDRESS_HEADER',
      'x client ip',
      'CLIENT_ADDRESS_HEADER must be a header name like x-client-ip',
    ],
    [
      'SHUTDOWN_TIMEOUT_MS',
      '200000',
      'SHUTDOWN_TIMEOUT_MS must be a whole number from 1000 to 115000',
    ],
  ])('rejects a malformed %s', (name, value, message) => {
    const found = problems({ ...MANAGED, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('never echoes a secret, only its length', () => {
    const found = problems({ ...MANAGED, AUTH_TOKEN_SECRET: 'short-secret' });
    expect(found).toEqual([
      'AUTH_TOKEN_SECRET is too short: expected at least 32 characters, got 12',
    ]);
  });

  it('refuses plain-text PostgreSQL to a remote host in production', () => {
    expect(problems({ ...MANAGED, DATABASE_SSL: 'disable' })).toEqual([
      expect.stringContaining('DATABASE_SSL is disable for a remote database in production'),
    ]);
    // Embedded mode: the sidecar on the task's localhost, no TLS.
    expect(problems({ ...MANAGED, DATABASE_SSL: 'disable', DATABASE_HOST: 'localhost' })).toEqual(
      [],
    );
  });

  it('reads the worker heartbeat, refusing a health-check age shorter than two beats', () => {
    expect(loadConfig(MANAGED).worker.heartbeat).toEqual({
      file: '/tmp/skyport-worker-heartbeat.json',
      intervalMs: 5000,
      stuckAfterMs: 45000,
      maxAgeMs: 30000,
    });
    expect(
      problems({
        ...MANAGED,
        WORKER_HEARTBEAT_INTERVAL_MS: '20000',
        WORKER_HEARTBEAT_MAX_AGE_MS: '30000',
      }),
    ).toEqual([
      'WORKER_HEARTBEAT_MAX_AGE_MS 30000 is less than twice WORKER_HEARTBEAT_INTERVAL_MS 20000: ' +
        'raise the age or shorten the interval',
    ]);
  });

  it('accepts several site origins separated by commas', () => {
    const config = loadConfig({
      ...MANAGED,
      CORS_ORIGIN: 'https://example.com, https://www.example.com',
    });
    expect(config.corsOrigins).toEqual(['https://example.com', 'https://www.example.com']);
  });
});
