import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ApiConfig } from '../../config/config';
import { createLogger, PinoNestLogger } from '../../logging/logger';
import { RabbitMqConnection } from '../../messaging/rabbitmq-connection';
import { NOTIFIER, type Notifier } from '../notifier';
import { createWorkerServer } from '../worker-server';
import { WorkerModule } from '../worker.module';

/**
 * The worker in-process, as `worker.ts` builds it (a Nest microservice on the RMQ transport),
 * with the tests' notifier; resolves once it consumes and its publishing connection is up.
 * `close()` is the worker's SIGTERM path without the process exit.
 */
export async function startWorker(
  config: ApiConfig,
  notifier: Notifier,
  server = createWorkerServer(config),
): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forConfig(config)] })
    .overrideProvider(NOTIFIER)
    .useValue(notifier)
    .setLogger(new PinoNestLogger(createLogger(config.logLevel, 'skyport-worker')))
    .compile();
  const worker = moduleRef.createNestMicroservice({ strategy: server });
  await worker.listen();
  await worker.get(RabbitMqConnection).waitUntilConnected();
  return worker;
}
