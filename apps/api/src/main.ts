// First: tracing hooks `require`, so it must start before the modules it traces are loaded.
import './tracing/start-api-tracing';
import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createApp } from './create-app';
import { drainOnSignals } from './lifecycle/graceful-shutdown';
import { createLogger, logDestination } from './logging/logger';
import { runEntryPoint } from './run-entry-point';

runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'skyport-api', logDestination(config.logFormat));
  const app = await createApp(config, { logger });
  // 0.0.0.0 by default: in a container the ALB reaches the task on its ENI address.
  await app.listen(config.port, config.host);
  logger.info({ port: config.port }, 'API listening');
  drainOnSignals(app, logger, config.shutdown);
});
