// First: tracing hooks `require`, so it must start before the modules it traces are loaded.
import './tracing/start-worker-tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from './config/config';
import { createLogger, logDestination, PinoNestLogger } from './logging/logger';
import { runEntryPoint } from './run-entry-point';
import { stopWorkerOnSignals } from './worker/worker-shutdown';
import { WorkerModule } from './worker/worker.module';

// `node dist/worker.js`: the RabbitMQ worker (same image and variables as the API).
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'skyport-worker', logDestination(config.logFormat));
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  logger.info({ queue: config.rabbitmq.queue }, 'worker started');
  stopWorkerOnSignals(app, logger, config.shutdown);
});
