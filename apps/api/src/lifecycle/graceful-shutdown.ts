import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ShutdownConfig } from '../config/config';
import { Readiness } from '../health/readiness';

/**
 * SIGTERM (ECS stopping the task, Fargate Spot's two-minute notice) or SIGINT: `/ready` turns 503
 * at once, the process keeps serving for `graceMs`, then closes: the listener stops accepting,
 * requests and messages in flight finish, connections close. If that takes longer than
 * `timeoutMs` the process exits anyway, before ECS would kill it.
 */
export function drainOnSignals(
  app: INestApplicationContext,
  logger: Logger,
  shutdown: ShutdownConfig,
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal, graceMs: shutdown.graceMs }, 'draining');
    app.get(Readiness, { strict: false }).startDraining();
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: shutdown.timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, shutdown.timeoutMs);
    deadline.unref();
    setTimeout(() => {
      app
        .close()
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    }, shutdown.graceMs);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
