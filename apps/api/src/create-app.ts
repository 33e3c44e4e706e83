import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/config';
import { ApiValidationPipe } from './http/api-validation-pipe';
import { answerClientError } from './http/client-errors';
import { useClientAddressHeader } from './http/client-address';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { acceptOnlyJsonBodies, BODY_LIMIT_BYTES } from './http/json-body';
import { buildOpenApiDocument, refuseUndocumentedMethods, serveOpenApi } from './http/openapi';
import { requestId } from './http/request-id';
import { sendSecurityHeaders } from './http/security-headers';
import { Readiness } from './health/readiness';
import { InFlightHandlers, trackRouteHandlers } from './lifecycle/in-flight';
import { createLogger, PinoNestLogger } from './logging/logger';
import { recordHttpMetrics } from './metrics/http-metrics';
import { Metrics } from './metrics/metrics';

/**
 * How long a request may take to arrive, headers and body, before it is answered 408 and its
 * connection closed: well inside the load balancer's 60 s idle timeout, so a client that declares
 * a body and never sends it does not hold a connection (and a socket of ours) for minutes.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface CreateAppOptions {
  /** Where log lines go; a fresh pino logger at the configured level by default. */
  readonly logger?: Logger;
}

/** Builds the HTTP application without listening, so tests and main.ts share one setup. */
export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind the ALB: trust one hop, so the client address is the one the ALB appended to
    // X-Forwarded-For, not whatever the client put at the front of it.
    trustProxy: (_address: string, hop: number) => hop === 0,
    genReqId: requestId,
    // On close, idle keep-alive sockets are closed at once; requests in flight still finish.
    forceCloseConnections: 'idle',
    // A request that still reaches a closing server (already on an open connection) is served,
    // not answered 503: it was accepted, so it must not be lost.
    return503OnClosing: false,
    // Fastify's per-request logging stays off: failures are logged by the exception filter.
    logger: false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Fastify answers 414 for a path parameter over 100 characters before any validation; a longer
    // slug is the validator's to refuse, with the documented 400 naming the field.
    routerOptions: { maxParamLength: 1000 },
    // Node checks for expired requests this often (30 s by default, which would let a stalled
    // body live for up to 40 s).
    http: { headersTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
      // Nest's parsers would accept form-encoded bodies: acceptOnlyJsonBodies replaces them.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  if (config.clientAddressHeader) useClientAddressHeader(fastify, config.clientAddressHeader);
  // Before Nest registers its routes (at init): every handler is counted for shutdown.
  trackRouteHandlers(fastify, app.get(InFlightHandlers));
  acceptOnlyJsonBodies(fastify, BODY_LIMIT_BYTES);
  const readiness = app.get(Readiness);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    // While draining, every answer ends its keep-alive connection: clients reconnect elsewhere
    // instead of sending a next request down a socket that is about to close under them.
    if (readiness.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  recordHttpMetrics(fastify, app.get(Metrics));
  // Computed once (what @fastify/helmet sent, without rebuilding it per request).
  sendSecurityHeaders(fastify);
  app.enableCors({
    origin: [...config.corsOrigins],
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    // Only the refresh cookie needs credentials, and only these origins may send them.
    credentials: true,
    maxAge: 600,
  });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  const document = buildOpenApiDocument(app);
  serveOpenApi(app, document);
  refuseUndocumentedMethods(app, document);
  return app;
}
