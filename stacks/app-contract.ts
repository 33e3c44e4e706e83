/**
 * The contract between the app stack and the API image (docs/decisions/0008): ports, commands,
 * queue names and the queue-depth metric. Kept in one place so the stack, the alarms and the docs
 * agree; apps/api must read the variables the stack injects (runtimeSettings in app-runtime.ts).
 */
export const API_PORT = 3000;

/** RabbitMQ queues the worker consumes; alarms and autoscaling watch them by name. */
export const QUEUES = {
  contact: 'contact',
  contactDeadLetter: 'contact.dead-letter',
} as const;

/**
 * Queue depth as the worker reports it: every minute, an Embedded Metric Format line on stdout
 * (CloudWatch Logs turns it into a metric; no API call, no extra permission). Amazon MQ does not
 * publish per-queue metrics for RabbitMQ 4 brokers, so this is what autoscaling and the queue
 * alarms watch, on every engine version and in embedded mode alike.
 */
export const QUEUE_DEPTH_METRIC = {
  namespace: 'Skyport',
  name: 'QueueDepth',
  /** The dimensions of each data point: the environment (profile name) and the queue. */
  dimensions: (environment: string, queue: string) => ({ Environment: environment, Queue: queue }),
} as const;

/**
 * The API's Prometheus `/metrics` port (METRICS_PORT). The API binds it to 127.0.0.1 only, so
 * only a container of the same task (awsvpc tasks share localhost) can scrape it: it is not in
 * the container's port mappings, the target group forwards to API_PORT alone, and no security
 * group rule opens it.
 */
export const API_METRICS_PORT = 9464;

/**
 * The API image's commands (the same image runs them all). `redrive` is no container of its own:
 * an operator runs it as a one-off task of the worker's task definition (docs/runbook.md).
 */
export const COMMANDS = {
  api: ['node', 'dist/main.js'],
  worker: ['node', 'dist/worker.js'],
  migrate: ['node', 'dist/migrate.js'],
  redrive: ['node', 'dist/redrive.js'],
} as const;

/** Liveness probe inside the container: the image has Node, not curl. */
export const API_HEALTH_CHECK = [
  'CMD',
  'node',
  '-e',
  `fetch('http://127.0.0.1:${API_PORT}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
];

/**
 * The worker's liveness probe: `dist/worker-health.js` exits 1 when the heartbeat the consumer
 * writes while healthy is older than WORKER_HEARTBEAT_MAX_AGE_MS (docs/decisions/0029).
 */
export const WORKER_HEALTH_CHECK = ['CMD', 'node', 'dist/worker-health.js'];
