import { DEFAULT_HEARTBEAT_FILE } from './config/config';
import { checkHeartbeat } from './worker/worker-health-check';

// `node dist/worker-health.js`: the worker container's health check (ECS runs it inside the
// container, with the container's variables). Reads only the heartbeat, never the broker: it
// must answer quickly, and the worker already judged the consumer when it wrote the file.
const maxAge = Number(process.env.WORKER_HEARTBEAT_MAX_AGE_MS ?? '30000');
if (!Number.isInteger(maxAge) || maxAge < 1_000) {
  process.stdout.write(
    `WORKER_HEARTBEAT_MAX_AGE_MS ${process.env.WORKER_HEARTBEAT_MAX_AGE_MS} is not valid; use whole milliseconds, at least 1000\n`,
  );
  process.exit(1);
}
const verdict = checkHeartbeat(process.env.WORKER_HEARTBEAT_FILE || DEFAULT_HEARTBEAT_FILE, maxAge);
process.stdout.write(`${verdict.line}\n`);
process.exit(verdict.exitCode);
