import { ConfigError, loadTracingConfig } from '../config/config';
import type { startTracingSdk as StartTracingSdk, TracingSdk } from './tracing-sdk';

let running: TracingSdk | undefined;

/**
 * Distributed tracing to the OpenTelemetry collector that runs beside the task when the profile
 * turns tracing on (stacks/app-shared-runtime.ts sets OTEL_EXPORTER_OTLP_ENDPOINT only then).
 *
 * Call it before anything else is imported: OpenTelemetry instruments http, pg, node-redis, amqplib
 * and the AWS SDK by hooking `require`, so a module loaded before it starts is never traced. The
 * entry points therefore import ./start-api-tracing or ./start-worker-tracing first.
 *
 * Without the variable it loads nothing beyond the configuration reader, so a process with tracing
 * off pays no start-up time for the SDK. A malformed value throws a ConfigError naming it.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = loadTracingConfig(env);
  if (config.endpoint === undefined || running !== undefined) return false;
  // A plain require on purpose: loaded only when tracing is on, and synchronously, so the hooks are
  // in place before the caller's next import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing-sdk') as {
    startTracingSdk: typeof StartTracingSdk;
  };
  running = startTracingSdk({
    serviceName,
    endpoint: config.endpoint,
    sampleRatio: config.sampleRatio,
    environment: env.METRICS_ENVIRONMENT?.trim() || env.NODE_ENV?.trim() || 'development',
  });
  return true;
}

/**
 * For an entry point: a malformed variable stops the process with its message alone, as
 * run-entry-point.ts does for the rest of the configuration.
 */
export function startTracingOrExit(serviceName: string): void {
  try {
    startTracing(serviceName);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

/**
 * Sends the spans still buffered and stops the exporter; the last step of a graceful shutdown, after
 * the app has closed, so the spans of the requests it drained are sent too. Never throws.
 */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown().catch(() => undefined);
}
