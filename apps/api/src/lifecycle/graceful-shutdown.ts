import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { ShutdownConfig } from '../config/config';
import { Readiness } from '../health/readiness';
import { stopTracing } from '../tracing/tracing';
import { InFlightHandlers } from './in-flight';

/**
 * SIGTERM (ECS stopping the task, Fargate Spot's two-minute notice) or SIGINT: `/ready` turns 503
 * at once and the process keeps serving for `graceMs`. Then the listener closes, the handlers
 * still running finish (even those whose client already left), and only then do the modules
 * close the relay, the broker, Redis and the database pool, and the last spans are sent. If all
 * that takes longer than `timeoutMs` the process exits anyway, before ECS would kill it.
 */
export function drainOnSignals(
  app: NestFastifyApplication,
  logger: Logger,
  shutdown: ShutdownConfig,
): void {
  let started = false;
  const drain = async () => {
    await new Promise((resolve) => setTimeout(resolve, shutdown.graceMs));
    await app.getHttpAdapter().close();
    const left = await app.get(InFlightHandlers).settled(shutdown.timeoutMs);
    if (left > 0) logger.warn({ handlers: left }, 'closing with handlers still running');
    await app.close();
    await stopTracing();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal, graceMs: shutdown.graceMs }, 'draining');
    app.get(Readiness).startDraining();
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: shutdown.timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, shutdown.timeoutMs);
    deadline.unref();
    drain()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
