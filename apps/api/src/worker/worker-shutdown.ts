import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ShutdownConfig } from '../config/config';
import { stopTracing } from '../tracing/tracing';

/**
 * The worker's SIGTERM (ECS stopping the task, Fargate Spot's two-minute notice) and SIGINT: no
 * readiness to drain and no grace period, so it closes at once: the consumer is cancelled, the
 * messages in hand finish, the connection and the DataSource close, the last spans are sent. If
 * that takes longer than `timeoutMs` the process exits anyway; unacknowledged messages are then
 * redelivered elsewhere.
 */
export function stopWorkerOnSignals(
  app: INestApplicationContext,
  logger: Logger,
  shutdown: ShutdownConfig,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: shutdown.timeoutMs }, 'shutdown took too long; exiting');
      exit(1);
    }, shutdown.timeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => stopTracing())
      .then(() => {
        clearTimeout(deadline);
        logger.info('stopped');
        exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
