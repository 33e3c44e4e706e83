import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { context, diag, DiagLogLevel, type DiagLogger, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createLogger } from '../logging/logger';
import { setTraceFieldsReader, xrayTraceId } from '../logging/trace-fields';

/** Paths polled by the load balancer, ECS and Prometheus: thousands of spans with nothing in them. */
export const UNTRACED_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/** Fastify 5 publishes this before each route handler, with the matched route pattern. */
const FASTIFY_HANDLER_START = 'tracing:fastify.request.handler:start';

export interface TracingSdkOptions {
  readonly serviceName: string;
  /** The collector's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318. */
  readonly endpoint: string;
  readonly sampleRatio: number;
  /** `deployment.environment.name`: the profile (METRICS_ENVIRONMENT) or NODE_ENV. */
  readonly environment: string;
}

export interface TracingSdk {
  /** Flushes the buffered spans, then stops exporting and unpatches the modules. */
  shutdown(): Promise<void>;
}

/**
 * Registers the tracer provider and the instrumentations. X-Ray is where the collector sends the
 * spans, so trace ids are X-Ray's (a timestamp first) and `X-Amzn-Trace-Id` is the propagation
 * header, in and out (HTTP calls and RabbitMQ message headers).
 */
export function startTracingSdk(options: TracingSdkOptions): TracingSdk {
  diag.setLogger(diagnosticsLogger(options.serviceName), DiagLogLevel.WARN);
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        // Not yet in the stable semantic conventions export: the incubating attribute's name.
        'deployment.environment.name': options.environment,
      }),
    ),
    idGenerator: new AWSXRayIdGenerator(),
    sampler: samplerFor(options.sampleRatio),
    // A client-sent header or a bulk INSERT's text must not make a span of hundreds of KiB.
    spanLimits: { attributeValueLengthLimit: 4_096 },
    // OTEL_BSP_* still tune the batches (queue size, delay); the defaults suit one task's load.
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: tracesUrl(options.endpoint), timeoutMillis: 5_000 }),
      ),
    ],
  });
  provider.register({ propagator: new AWSXRayPropagator() });
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isUntracedPath(request),
        // Background loops (task protection, queue metrics) call out on their own: not a trace.
        requireParentforOutgoingSpans: true,
        // The ALB's own id, to find its access log lines from a trace it did not start.
        headersToSpanAttributes: { server: { requestHeaders: ['x-amzn-trace-id'] } },
      }),
      // Only inside a traced operation: the outbox relay's polling would otherwise start a trace
      // (and a sampling decision) per query.
      new PgInstrumentation({ requireParentSpan: true }),
      new RedisInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
      // One span per AWS call, without a second one for the SDK's own HTTPS request.
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
    ],
  });
  const stopNamingSpans = nameServerSpansAfterFastifyRoutes();
  setTraceFieldsReader(() => {
    const span = trace.getActiveSpan()?.spanContext();
    return span && trace.isSpanContextValid(span)
      ? { traceId: xrayTraceId(span.traceId), spanId: span.spanId }
      : undefined;
  });
  return {
    async shutdown() {
      setTraceFieldsReader(undefined);
      stopNamingSpans();
      unregister();
      await provider.shutdown();
    },
  };
}

/**
 * Parent-based: a caller's decision (`Sampled=1` or `0` in X-Amzn-Trace-Id) is always followed, so
 * a trace is never cut in half; only a new trace is kept with probability `ratio`.
 */
export function samplerFor(ratio: number): ParentBasedSampler {
  return new ParentBasedSampler({ root: new UntracedRoots(new TraceIdRatioBasedSampler(ratio)) });
}

/**
 * The Redis instrumentation opens a `redis-connect` span for the client's `connect()` at start-up,
 * outside any request: like the relay's polling, it must not start a trace of its own.
 */
const UNTRACED_ROOT_SPANS: ReadonlySet<string> = new Set(['redis-connect']);

class UntracedRoots implements Sampler {
  constructor(private readonly sampler: Sampler) {}

  shouldSample(...args: Parameters<Sampler['shouldSample']>): ReturnType<Sampler['shouldSample']> {
    if (UNTRACED_ROOT_SPANS.has(args[2])) return { decision: SamplingDecision.NOT_RECORD };
    return this.sampler.shouldSample(...args);
  }

  toString(): string {
    return `UntracedRoots{${this.sampler.toString()}}`;
  }
}

export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function isUntracedPath(request: IncomingMessage): boolean {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  return UNTRACED_PATHS.has(path.length > 1 ? path.replace(/\/+$/, '') : path);
}

/**
 * The HTTP instrumentation names a server span `GET` and takes `http.route` from the request's
 * RPC metadata, which a framework instrumentation would fill in. NestJS 12 loads Fastify as an ES
 * module, out of reach of OpenTelemetry's require hooks, so the route pattern (`/projects/:id`)
 * comes from the diagnostics channel Fastify publishes instead; it runs in the request's context.
 */
function nameServerSpansAfterFastifyRoutes(): () => void {
  const onHandlerStart = (message: unknown) => {
    const route = (message as { route?: { url?: unknown } }).route?.url;
    const metadata = getRPCMetadata(context.active());
    if (typeof route === 'string' && metadata?.type === RPCType.HTTP) metadata.route = route;
  };
  subscribe(FASTIFY_HANDLER_START, onHandlerStart);
  return () => {
    unsubscribe(FASTIFY_HANDLER_START, onHandlerStart);
  };
}

/** The SDK's own warnings (an export that failed, a dropped span) as the app's JSON log lines. */
function diagnosticsLogger(serviceName: string): DiagLogger {
  const logger = createLogger('warn', serviceName).child({ component: 'opentelemetry' });
  const write =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      logger[level]({ details: args.length > 0 ? args : undefined }, message);
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    verbose: write('trace'),
  };
}
