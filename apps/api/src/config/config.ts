/**
 * Configuration, read once at start-up from the environment (docs/decisions/0008 lists what the
 * app stack injects). A missing or malformed variable stops the process with a message that names
 * it and says what a valid value looks like; every problem is reported at once.
 */
export interface ApiConfig {
  /** `production` in every deployed task; `development` and `test` locally. */
  readonly environment: 'production' | 'development' | 'test';
  readonly port: number;
  readonly host: string;
  /**
   * The port of the API's Prometheus `/metrics`, served on 127.0.0.1 only: the collector beside
   * it in the task reaches it on the task's shared localhost; the load balancer never can.
   * 0 picks a free port (tests).
   */
  readonly metricsPort: number;
  /**
   * A header the one proxy in front of the API overwrites with the client's address, read
   * instead of X-Forwarded-For: an API Gateway HTTP API sends no X-Forwarded-For and may not set
   * it, so Skyport's sets `x-client-ip`. Unset (behind the load balancer, locally): the address
   * the proxy appended to X-Forwarded-For.
   */
  readonly clientAddressHeader?: string;
  readonly logLevel: LogLevelName;
  /** `json` (one object per line, for CloudWatch) or `pretty` (for a person at a terminal). */
  readonly logFormat: LogFormat;
  /** How the worker tells the owner about contact messages. */
  readonly notifications: NotificationsConfig;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly rabbitmq: RabbitMqConfig;
  /** Origins allowed to call the API from a browser (the site); nothing else gets CORS headers. */
  readonly corsOrigins: readonly string[];
  readonly auth: AuthConfig;
  readonly bedrock: BedrockConfig;
  readonly shutdown: ShutdownConfig;
  /** The `Environment` dimension of the worker's queue-depth metric; unset: no metric lines. */
  readonly metricsEnvironment?: string;
  readonly worker: WorkerConfig;
  readonly tracing: TracingConfig;
}

/**
 * Traces to the OpenTelemetry collector beside the task; read on its own by tracing/tracing.ts,
 * which must start before the app's modules load.
 */
export interface TracingConfig {
  /** The collector's OTLP/HTTP base URL (`/v1/traces` is appended); unset: tracing is off. */
  readonly endpoint?: string;
  /** Share of new traces recorded, 0 to 1; a caller's sampling decision is always followed. */
  readonly sampleRatio: number;
}

export interface WorkerConfig {
  /**
   * Wait before each retry of a contact message whose notification failed: one entry per retry,
   * so `1000,5000,30000` means four attempts; after the last the message is dead-lettered.
   */
  readonly retryDelaysMs: readonly number[];
  /** How often the worker writes its queue-depth metric line (once a minute in AWS). */
  readonly queueMetricsIntervalMs: number;
  /**
   * Contact messages one worker holds unacknowledged, and handles concurrently: the consumer's
   * prefetch. Each holds a database connection while it is delivered, so keep it at or below
   * the pool's size.
   */
  readonly prefetch: number;
  /** ECS's task metadata endpoint, set by ECS in every task: the worker's scale-in protection. */
  readonly ecsAgentUri?: string;
  /** The liveness heartbeat the container health check reads (worker/worker-heartbeat.ts). */
  readonly heartbeat: WorkerHeartbeatConfig;
}

export interface WorkerHeartbeatConfig {
  /** The file the worker rewrites while healthy; `node dist/worker-health.js` reads it. */
  readonly file: string;
  /** How often the worker judges its health and, if healthy, rewrites the file. */
  readonly intervalMs: number;
  /** A message in handling longer than this means the consumer is making no progress. */
  readonly stuckAfterMs: number;
  /** The health check fails when the file is older (worker-health.ts reads the same variable). */
  readonly maxAgeMs: number;
}

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ShutdownConfig {
  /**
   * After SIGTERM, how long the process keeps serving while `/ready` says 503, so whatever routes
   * traffic here notices before the listener closes.
   */
  readonly graceMs: number;
  /** Hard limit for the whole shutdown: below ECS's stop timeout (60 s API, 120 s worker). */
  readonly timeoutMs: number;
}

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  readonly password: string;
  /** TLS to the server: `disable` locally, `verify-full` against RDS (rds.force_ssl). */
  readonly ssl: 'disable' | 'require' | 'verify-full';
  /**
   * The RDS-managed secret holding `username` and `password`. RDS rotates it weekly while ECS
   * injected the password once, so a failed login re-reads it.
   */
  readonly secretArn?: string;
}

export interface RedisConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly password?: string;
  /** Prefix of every key this app writes, so several apps (or test runs) can share a server. */
  readonly keyPrefix: string;
}

export interface RabbitMqConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly user: string;
  readonly password: string;
  /** The contact queue; its dead letters go to `<queue>.dead-letter`. */
  readonly queue: string;
}

export interface AuthConfig {
  /** The account registered with this e-mail address is the portfolio owner (project writes). */
  readonly ownerEmail: string;
  /** HMAC key for access tokens: at least 32 characters, from Secrets Manager in AWS. */
  readonly tokenSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

export interface BedrockConfig {
  readonly region: string;
  readonly modelId: string;
  /** Another endpoint than the region's (a VPC endpoint, or the local fake in tests). */
  readonly endpoint?: string;
  /** SDK attempts per call, retries of throttling and 5xx included: 3 in AWS, 1 in tests. */
  readonly maxAttempts: number;
  /** Upper bound of one assistant answer, in output tokens: bounds cost and latency. */
  readonly maxTokens: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Where the worker writes its heartbeat unless WORKER_HEARTBEAT_FILE says otherwise. */
export const DEFAULT_HEARTBEAT_FILE = '/tmp/skyport-worker-heartbeat.json';

const SSL_MODES = ['disable', 'require', 'verify-full'] as const;
const ENVIRONMENTS = ['production', 'development', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;

export interface NotificationsConfig {
  /** The verified SES sender; unset: the worker only logs each message (local development). */
  readonly emailFrom: string | undefined;
  readonly sesRegion: string;
  /** Another SES endpoint (moto in tests). */
  readonly sesEndpoint: string | undefined;
}
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Reads and checks every variable; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const read = new EnvReader(env);
  const environment = read.oneOf('NODE_ENV', ENVIRONMENTS, 'development');
  const production = environment === 'production';
  const config: ApiConfig = {
    environment,
    port: read.port('PORT', 3000),
    host: read.optional('HOST') ?? '0.0.0.0',
    metricsPort: read.integer('METRICS_PORT', 9464, 0, 65535),
    clientAddressHeader: read
      .matching('CLIENT_ADDRESS_HEADER', /^[A-Za-z0-9-]{1,64}$/, 'a header name like x-client-ip')
      ?.toLowerCase(),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, environment === 'test' ? 'warn' : 'info'),
    logFormat: read.oneOf(
      'LOG_FORMAT',
      LOG_FORMATS,
      environment === 'development' ? 'pretty' : 'json',
    ),
    database: {
      host: read.required('DATABASE_HOST', 'the PostgreSQL host name, e.g. 127.0.0.1'),
      port: read.port('DATABASE_PORT', 5432),
      name: read.required('DATABASE_NAME', 'the database name, e.g. skyport'),
      user: read.required('DATABASE_USER', 'the PostgreSQL user name'),
      password: read.required('DATABASE_PASSWORD', "the PostgreSQL user's password"),
      ssl: read.oneOf('DATABASE_SSL', SSL_MODES, 'disable'),
      secretArn: read.matching(
        'DATABASE_SECRET_ARN',
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
        'a Secrets Manager secret ARN',
      ),
    },
    redis: {
      host: read.required('REDIS_HOST', 'the Redis host name, e.g. 127.0.0.1'),
      port: read.port('REDIS_PORT', 6379),
      tls: read.boolean('REDIS_TLS', false),
      password: read.optional('REDIS_PASSWORD'),
      keyPrefix:
        read.matching('REDIS_KEY_PREFIX', /^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, : _ or -') ??
        'skyport:',
    },
    rabbitmq: {
      host: read.required('RABBITMQ_HOST', 'the RabbitMQ host name, e.g. 127.0.0.1'),
      port: read.port('RABBITMQ_PORT', 5672),
      tls: read.boolean('RABBITMQ_TLS', false),
      user: read.required('RABBITMQ_USER', 'the RabbitMQ user name'),
      password: read.required('RABBITMQ_PASSWORD', "the RabbitMQ user's password"),
      queue:
        read.matching('RABBITMQ_QUEUE', /^[a-z][a-z0-9._-]{0,99}$/, 'a queue name like contact') ??
        'contact',
    },
    corsOrigins: read.origins('CORS_ORIGIN'),
    auth: {
      ownerEmail: (
        read.matching(
          'OWNER_EMAIL',
          /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
          'the e-mail address of the portfolio owner',
        ) ?? read.missing('OWNER_EMAIL', 'the e-mail address of the portfolio owner')
      ).toLowerCase(),
      tokenSecret: read.secret('AUTH_TOKEN_SECRET', 32),
      accessTokenTtlSeconds: read.integer('AUTH_ACCESS_TOKEN_TTL_SECONDS', 900, 30, 3600),
      refreshTokenTtlSeconds: read.integer(
        'AUTH_REFRESH_TOKEN_TTL_SECONDS',
        30 * 24 * 3600,
        300,
        90 * 24 * 3600,
      ),
    },
    bedrock: {
      region:
        read.matching(
          'BEDROCK_REGION',
          /^[a-z]{2}(-[a-z]+)+-\d$/,
          'an AWS region like eu-west-1',
        ) ?? read.missing('BEDROCK_REGION', 'an AWS region like eu-west-1'),
      modelId: read.required('BEDROCK_MODEL_ID', 'a model or inference profile id'),
      endpoint: read.url('BEDROCK_ENDPOINT'),
      maxAttempts: read.integer('BEDROCK_MAX_ATTEMPTS', 3, 1, 10),
      maxTokens: read.integer('BEDROCK_MAX_TOKENS', 512, 16, 4096),
    },
    notifications: {
      emailFrom: read.matching(
        'NOTIFY_EMAIL_FROM',
        /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/,
        'the verified SES sender address, e.g. notifications@example.com',
      ),
      sesRegion:
        read.matching('SES_REGION', /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region like eu-west-1') ??
        env.AWS_REGION ??
        'us-east-1',
      sesEndpoint: read.url('SES_ENDPOINT'),
    },
    metricsEnvironment: read.optional('METRICS_ENVIRONMENT'),
    worker: {
      retryDelaysMs: read.integerList(
        'CONTACT_RETRY_DELAYS_MS',
        [1_000, 5_000, 30_000],
        1,
        86_400_000,
      ),
      queueMetricsIntervalMs: read.integer('QUEUE_METRICS_INTERVAL_MS', 60_000, 1_000, 3_600_000),
      prefetch: read.integer('WORKER_PREFETCH', 10, 1, 1_000),
      ecsAgentUri: read.url('ECS_AGENT_URI'),
      heartbeat: {
        file: read.optional('WORKER_HEARTBEAT_FILE') ?? DEFAULT_HEARTBEAT_FILE,
        intervalMs: read.integer('WORKER_HEARTBEAT_INTERVAL_MS', 5_000, 100, 60_000),
        // The shutdown budget: a handler slower than that could not finish during a stop either.
        stuckAfterMs: read.integer('WORKER_STUCK_AFTER_MS', 45_000, 1_000, 3_600_000),
        maxAgeMs: read.integer('WORKER_HEARTBEAT_MAX_AGE_MS', 30_000, 1_000, 600_000),
      },
    },
    tracing: readTracingConfig(read),
    shutdown: {
      graceMs: read.integer('SHUTDOWN_GRACE_MS', 5_000, 0, 60_000),
      timeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 45_000, 1_000, 115_000),
    },
  };
  const { heartbeat } = config.worker;
  if (heartbeat.maxAgeMs < 2 * heartbeat.intervalMs) {
    // One late tick must not fail the health check.
    read.problem(
      `WORKER_HEARTBEAT_MAX_AGE_MS ${heartbeat.maxAgeMs} is less than twice WORKER_HEARTBEAT_INTERVAL_MS ` +
        `${heartbeat.intervalMs}: raise the age or shorten the interval`,
    );
  }
  const sslAsked = env.DATABASE_SSL?.trim() || 'disable';
  if (
    production &&
    sslAsked === 'disable' &&
    !['localhost', '127.0.0.1', ''].includes(config.database.host)
  ) {
    read.problem(
      'DATABASE_SSL is disable for a remote database in production: use verify-full (RDS) or ' +
        'point DATABASE_HOST at localhost (embedded mode)',
    );
  }
  read.throwIfAny();
  return config;
}

/** Only the tracing variables, for the start of a process; throws a ConfigError naming them. */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const read = new EnvReader(env);
  const tracing = readTracingConfig(read);
  read.throwIfAny();
  return tracing;
}

function readTracingConfig(read: EnvReader): TracingConfig {
  const ratio = read.matching(
    'OTEL_TRACES_SAMPLER_ARG',
    /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/,
    'a sampling ratio from 0 to 1, e.g. 0.1',
  );
  return {
    endpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT'),
    sampleRatio: ratio === undefined ? 0.1 : Number(ratio),
  };
}

/** Collects problems instead of failing on the first, so one start-up names them all. */
class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new ConfigError(`invalid configuration:\n  - ${this.problems.join('\n  - ')}`);
    }
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  missing(name: string, expected: string): string {
    if (this.optional(name) === undefined) this.problem(`${name} is not set: expected ${expected}`);
    return '';
  }

  required(name: string, expected: string): string {
    return this.optional(name) ?? this.missing(name, expected);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return value as T;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problem(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** Comma-separated whole numbers, e.g. `1000,5000,30000`; at least one, at most ten. */
  integerList(name: string, fallback: readonly number[], min: number, max: number): number[] {
    const raw = this.optional(name);
    if (raw === undefined) return [...fallback];
    const items = raw.split(',').map((item) => item.trim());
    const valid =
      items.length <= 10 &&
      items.every((item) => /^\d+$/.test(item) && Number(item) >= min && Number(item) <= max);
    if (!valid) {
      this.problem(
        `${name} must list one to ten whole numbers from ${min} to ${max}, comma-separated, ` +
          `got "${raw}"`,
      );
      return [...fallback];
    }
    return items.map(Number);
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 1, 65535);
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (raw !== 'true' && raw !== 'false') {
      this.problem(`${name} must be true or false, got "${raw}"`);
      return fallback;
    }
    return raw === 'true';
  }

  matching(name: string, pattern: RegExp, expected: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !pattern.test(value)) {
      this.problem(`${name} must be ${expected}, got "${value}"`);
      return undefined;
    }
    return value;
  }

  url(name: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.problem(`${name} must be an http(s) URL, got "${value}"`);
    return undefined;
  }

  /** A comma-separated list of exact origins such as https://example.com (no path, no *). */
  origins(name: string): string[] {
    const raw = this.required(name, 'the site origin, e.g. https://example.com');
    if (raw === '') return [];
    const origins = raw.split(',').map((origin) => origin.trim());
    for (const origin of origins) {
      if (!isExactOrigin(origin)) {
        this.problem(
          `${name} must list origins like https://example.com (scheme and host, no path or *), got "${origin}"`,
        );
      }
    }
    return origins;
  }

  /** A secret value: reported by name and length only, never echoed. */
  secret(name: string, minLength: number): string {
    const value = this.optional(name);
    if (value === undefined) {
      this.problem(
        `${name} is not set: expected a random string of at least ${minLength} characters`,
      );
      return '';
    }
    if (value.length < minLength) {
      this.problem(
        `${name} is too short: expected at least ${minLength} characters, got ${value.length}`,
      );
    }
    return value;
  }
}

function isExactOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return /^https?:$/.test(url.protocol) && url.origin === origin;
  } catch {
    return false;
  }
}
