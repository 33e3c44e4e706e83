// First: tracing hooks `require`, so it must start before the modules it traces are loaded.
import './tracing/start-worker-tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from './config/config';
import { createLogger, logDestination, PinoNestLogger } from './logging/logger';
import { runEntryPoint } from './run-entry-point';
import { WorkerHeartbeat } from './worker/worker-heartbeat';
import { createWorkerServer } from './worker/worker-server';
import { stopWorkerOnSignals } from './worker/worker-shutdown';
import { WorkerModule } from './worker/worker.module';

// `node dist/worker.js`: the RabbitMQ worker (same image and variables as the API).
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'skyport-worker', logDestination(config.logFormat));
  // A Nest microservice on the RMQ transport (worker/worker-server.ts, docs/decisions/0017).
  const server = createWorkerServer(config);
  const app = await NestFactory.createMicroservice(WorkerModule.forConfig(config), {
    strategy: server,
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  await app.init();
  stopWorkerOnSignals(app, logger, config.shutdown);
  logger.info({ queue: config.rabbitmq.queue }, 'worker started');
  // Not awaited: `listen` resolves once consuming, and start-up never waits for the broker (the
  // server connects and reconnects in the background, logging one line per kind of failure).
  void app.listen();
  // The container health check reads this (worker-health.ts, docs/decisions/0029).
  new WorkerHeartbeat(
    () => server.consumerState(),
    config.worker.heartbeat,
    (problem) => logger.warn({ problem }, 'worker unhealthy'),
  ).start();
});
