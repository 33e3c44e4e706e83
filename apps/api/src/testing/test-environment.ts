import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createClient } from 'redis';
import { loadConfig, type ApiConfig } from '../config/config';
import { createApp } from '../create-app';
import { createLogger } from '../logging/logger';
import { TestBroker } from '../messaging/testing/test-broker';
import { MetricsServer } from '../metrics/metrics-server';
import { migrate } from '../migrate';
import { RedisConnection } from '../redis/redis-connection';
import { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database';

/**
 * Everything one test file needs on the real local servers, isolated from other files running in
 * parallel: its own database (migrated), its own Redis key prefix and its own queue name.
 */
export interface TestEnvironment {
  readonly config: ApiConfig;
  /** The variables behind `config`, to start a child process (worker, main.js) with. */
  readonly env: NodeJS.ProcessEnv;
  readonly database: ThrowawayDatabase;
  /** Registers clean-up work (queues, processes) run by `cleanup()`, last registered first. */
  onCleanup(step: () => Promise<void> | void): void;
  cleanup(): Promise<void>;
}

export const TEST_OWNER_EMAIL = 'owner@example.com';

export async function createTestEnvironment(
  overrides: NodeJS.ProcessEnv = {},
): Promise<TestEnvironment> {
  const database = await createThrowawayDatabase();
  const id = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    // Quiet unless asked (`LOG_LEVEL=info make test`): warnings the tests provoke on purpose
    // would bury the results. Tests that read a process's log lines set their own level.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    // A free port each: test apps and compiled processes run side by side.
    METRICS_PORT: '0',
    DATABASE_HOST: process.env.DATABASE_HOST,
    DATABASE_PORT: process.env.DATABASE_PORT,
    DATABASE_USER: process.env.DATABASE_USER,
    DATABASE_PASSWORD: process.env.DATABASE_PASSWORD,
    DATABASE_NAME: database.name,
    REDIS_HOST: process.env.REDIS_HOST ?? '127.0.0.1',
    REDIS_PORT: process.env.REDIS_PORT ?? '6379',
    REDIS_PASSWORD: process.env.REDIS_PASSWORD,
    REDIS_KEY_PREFIX: `test:${id}:`,
    RABBITMQ_HOST: process.env.RABBITMQ_HOST ?? '127.0.0.1',
    RABBITMQ_PORT: process.env.RABBITMQ_PORT ?? '5672',
    RABBITMQ_USER: process.env.RABBITMQ_USER ?? 'skyport',
    RABBITMQ_PASSWORD: process.env.RABBITMQ_PASSWORD ?? 'skyport',
    RABBITMQ_QUEUE: `contact-test-${id}`,
    CORS_ORIGIN: 'http://localhost:3001',
    AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
    OWNER_EMAIL: TEST_OWNER_EMAIL,
    BEDROCK_REGION: 'us-east-1',
    BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
    ...overrides,
  };
  const config = loadConfig(env);
  await migrate(config.database);
  const steps: Array<() => Promise<void> | void> = [
    () => database.drop(),
    () => deleteRedisKeys(config),
    () => deleteQueues(config),
  ];
  return {
    config,
    env,
    database,
    onCleanup: (step) => steps.push(step),
    async cleanup() {
      for (const step of steps.reverse()) {
        await step();
      }
    },
  };
}

/** An HTTP app listening on a free loopback port, over a fresh TestEnvironment. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  /** The metrics listener (`${metricsUrl}/metrics`), on its own loopback port. */
  readonly metricsUrl: string;
  readonly environment: TestEnvironment;
  close(): Promise<void>;
}

export async function startTestApp(
  overrides: NodeJS.ProcessEnv = {},
  environment?: TestEnvironment,
): Promise<TestApp> {
  const testEnvironment = environment ?? (await createTestEnvironment(overrides));
  const app = await createApp(testEnvironment.config, {
    logger: createLogger(testEnvironment.config.logLevel),
  });
  await app.listen(0, '127.0.0.1');
  // The app does not wait for Redis (nor should it), but a test's first request should not race
  // the first connection. An app started with Redis cut off just goes on after this wait.
  await app.get(RedisConnection).whenReady(3_000);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const metricsUrl = app.get(MetricsServer).url;
  if (metricsUrl === undefined) throw new Error('the metrics listener did not start');
  return {
    app,
    url,
    metricsUrl,
    environment: testEnvironment,
    async close() {
      await app.close();
      if (!environment) await testEnvironment.cleanup();
    },
  };
}

/** The test's queues, if the relay or the worker declared them. */
async function deleteQueues(config: ApiConfig): Promise<void> {
  const broker = await TestBroker.connect(config).catch(() => undefined);
  await broker?.deleteQueuesAndClose();
}

async function deleteRedisKeys(config: ApiConfig): Promise<void> {
  // No key prefix on this client: SCAN returns full keys, which DEL must get unchanged.
  const redis = createClient({
    socket: { host: config.redis.host, port: config.redis.port, reconnectStrategy: false },
    password: config.redis.password,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({
      MATCH: `${config.redis.keyPrefix}*`,
      COUNT: 500,
    })) {
      if (keys.length > 0) await redis.del(keys);
    }
  } finally {
    redis.destroy();
  }
}
