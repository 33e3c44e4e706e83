import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { TooManyRequestsException } from '../rate-limit/rate-limiter';
import {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  DependencyUnavailableException,
  isDependencyUnavailable,
} from './dependency-unavailable';

/**
 * Every error leaves as JSON `{ statusCode, error, message, requestId }`. Expected errors (4xx)
 * are not logged. A dependency that cannot be reached (PostgreSQL or Redis down, cut off or not
 * answering in time) is a 503 with Retry-After, logged as one warning line without the stack.
 * Anything else is logged once with the request id and answered with a generic 500 that leaks
 * nothing.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(caught: unknown, host: ArgumentsHost): void {
    // PostgreSQL or Redis cut off, refusing or not answering in time: 503, not a 500.
    const exception =
      !(caught instanceof HttpException) && isDependencyUnavailable(caught)
        ? new DependencyUnavailableException()
        : caught;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = request.id;
    if (reply.sent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (exception instanceof TooManyRequestsException) {
        void reply.header('retry-after', String(exception.retryAfterSeconds));
      } else if (exception instanceof DependencyUnavailableException) {
        void reply.header('retry-after', String(DEPENDENCY_RETRY_AFTER_SECONDS));
      }
      // A mapped 5xx (a dependency down, Bedrock refusing) is expected and already explained
      // to the caller: a warning without the stack, not an error.
      if (status >= 500) {
        const reason =
          caught === exception
            ? exception.message
            : `${exception.message}: ${String((caught as Error).message)}`;
        this.logger.warn({ status, requestId, route: request.routeOptions.url }, reason);
      }
      const payload =
        typeof body === 'string'
          ? { statusCode: status, error: HttpStatus[status] ?? 'Error', message: body }
          : body;
      void reply.status(status).send({ ...payload, requestId });
      return;
    }
    const status = fastifyStatus(exception);
    if (status !== undefined && status < 500) {
      // Fastify's own 4xx: body too large, malformed JSON, unsupported media type.
      const message = (exception as Error).message;
      void reply
        .status(status)
        .send({ statusCode: status, error: HttpStatus[status], message, requestId });
      return;
    }
    this.logger.error(
      { err: exception, requestId, route: request.routeOptions.url },
      'unhandled error',
    );
    void reply.status(500).send({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
      requestId,
    });
  }
}

function fastifyStatus(exception: unknown): number | undefined {
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception) {
    const status: unknown = exception.statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}
