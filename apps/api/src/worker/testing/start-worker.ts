import { Test, type TestingModule } from '@nestjs/testing';
import type { ApiConfig } from '../../config/config';
import { createLogger, PinoNestLogger } from '../../logging/logger';
import { RabbitMqConnection } from '../../messaging/rabbitmq-connection';
import { NOTIFIER, type Notifier } from '../notifier';
import { WorkerModule } from '../worker.module';

/**
 * The worker in-process, as `worker.ts` builds it, with the tests' notifier; resolves once it is
 * connected (it starts consuming right after). `close()` is the worker's SIGTERM path without
 * the process exit.
 */
export async function startWorker(config: ApiConfig, notifier: Notifier): Promise<TestingModule> {
  const worker = await Test.createTestingModule({ imports: [WorkerModule.forConfig(config)] })
    .overrideProvider(NOTIFIER)
    .useValue(notifier)
    .setLogger(new PinoNestLogger(createLogger(config.logLevel, 'skyport-worker')))
    .compile();
  await worker.init();
  await worker.get(RabbitMqConnection).waitUntilConnected();
  return worker;
}
