import { readFileSync } from 'node:fs';
import type { HeartbeatRecord } from './worker-heartbeat';

export interface HealthVerdict {
  /** The process exit code: 0 healthy, 1 not. */
  readonly exitCode: 0 | 1;
  /** One line saying what was found. */
  readonly line: string;
}

/**
 * The container health check's judgement (worker-health.ts): healthy when the worker's heartbeat
 * file says it was healthy less than `maxAgeMs` ago.
 */
export function checkHeartbeat(file: string, maxAgeMs: number, now = Date.now()): HealthVerdict {
  let record: HeartbeatRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as HeartbeatRecord;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      exitCode: 1,
      line: missing
        ? `unhealthy: no heartbeat at ${file} (the worker has not started, or WORKER_HEARTBEAT_FILE differs)`
        : `unhealthy: cannot read the heartbeat ${file}: ${(error as Error).message}`,
    };
  }
  const ageMs = now - (record.healthyAt ?? 0);
  if (record.healthyAt > 0 && ageMs <= maxAgeMs) {
    return { exitCode: 0, line: `healthy: heartbeat ${Math.round(ageMs / 1000)} s old` };
  }
  const why =
    record.problem ?? 'the heartbeat stopped (event loop blocked, or the process is not running)';
  const since = record.healthyAt > 0 ? `${Math.round(ageMs / 1000)} s` : 'start';
  return {
    exitCode: 1,
    line: `unhealthy: ${why}; last healthy ${since === 'start' ? 'never' : `${since} ago`} (limit ${maxAgeMs / 1000} s)`,
  };
}
