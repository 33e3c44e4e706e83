import {
  Body,
  Controller,
  HttpCode,
  HttpException,
  Logger,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConverseAbortedError, type ConverseStreamEvent } from '../bedrock/bedrock-chat';
import { BedrockHttpException, toBedrockHttpException } from '../bedrock/bedrock-errors';
import { type RateLimit, RateLimiter } from '../rate-limit/rate-limiter';
import { AssistantChat } from './assistant-chat';
import { AssistantMetrics } from './assistant-metrics';
import { ChatRequestDto } from './chat-request.dto';
import { ServerSentEvents } from './server-sent-events';

/** Each answer is a paid model call: a visitor gets a conversation's worth, a script does not. */
export const ASSISTANT_RATE_LIMIT: RateLimit = {
  bucket: 'assistant-ip',
  limit: 10,
  windowMs: 60_000,
};

const ROUTE = '/assistant/chat';

const SSE_EXAMPLE =
  'event: delta\ndata: {"text":"I built "}\n\n' +
  'event: delta\ndata: {"text":"Skyport, see /projects/skyport."}\n\n' +
  'event: done\ndata: {"stopReason":"end_turn","usage":{"inputTokens":412,"outputTokens":18,"totalTokens":430}}\n\n';

/** One event of a text/event-stream whose `data` line is JSON matching `schema`. */
function sseEvent(event: string, schema: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    required: ['event', 'data'],
    properties: {
      event: { type: 'string', enum: [event] },
      data: { type: 'string', contentMediaType: 'application/json', contentSchema: schema },
    },
  };
}

const TOKEN_COUNT = { type: 'integer', minimum: 0 };

/**
 * Each event of the stream (OpenAPI 3.0 and 3.1 describe an event stream by one event's schema;
 * 3.2 would call it `itemSchema`): the event name and its JSON `data`.
 */
export const SSE_EVENT_SCHEMA = {
  oneOf: [
    sseEvent('delta', {
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string' } },
    }),
    sseEvent('done', {
      type: 'object',
      required: ['stopReason', 'usage'],
      properties: {
        stopReason: { type: 'string', example: 'end_turn' },
        // Null when the model reported no usage (`enum: [null]` reads the same in 3.0 and 3.1).
        usage: {
          oneOf: [
            {
              type: 'object',
              required: ['inputTokens', 'outputTokens', 'totalTokens'],
              properties: {
                inputTokens: TOKEN_COUNT,
                outputTokens: TOKEN_COUNT,
                totalTokens: TOKEN_COUNT,
              },
            },
            { enum: [null] },
          ],
        },
      },
    }),
    sseEvent('error', {
      type: 'object',
      required: ['statusCode', 'message'],
      properties: { statusCode: { type: 'integer' }, message: { type: 'string' } },
    }),
  ],
};

@ApiTags('assistant')
@Controller('assistant')
export class AssistantController {
  private readonly logger = new Logger(AssistantController.name);

  constructor(
    private readonly assistant: AssistantChat,
    private readonly rateLimiter: RateLimiter,
    private readonly metrics: AssistantMetrics,
  ) {}

  @Post('chat')
  @HttpCode(200)
  @ApiOperation({
    summary: "Ask the assistant about the owner's work",
    description:
      'Answers with server-sent events: `delta` events `{ text }` as the model writes, then one ' +
      '`done` `{ stopReason, usage }`. If the model fails before the first event, the answer is a ' +
      'JSON error with the status below; if it fails later, an `error` event `{ statusCode, ' +
      'message }` ends the stream. Closing the connection cancels the model call. ' +
      `At most ${ASSISTANT_RATE_LIMIT.limit} requests per minute per client address.`,
  })
  @ApiOkResponse({
    description: 'The answer, streamed as server-sent events (text/event-stream).',
    content: { 'text/event-stream': { schema: SSE_EVENT_SCHEMA, example: SSE_EXAMPLE } },
  })
  @ApiBadRequestResponse(
    jsonError(
      'The conversation is malformed (the message names the field) or the model refused it.',
      400,
      ['messages must end with a user message'],
    ),
  )
  @ApiTooManyRequestsResponse(
    jsonError(
      'This client or the whole assistant is over its limit; Retry-After says when to retry.',
      429,
      'too many questions: at most 10 per minute',
      true,
    ),
  )
  @ApiBadGatewayResponse(
    jsonError('The language model failed to answer.', 502, 'the language model failed to answer'),
  )
  @ApiServiceUnavailableResponse(
    jsonError(
      'The assistant is unavailable: the model is starting (with Retry-After), model access is ' +
        'not granted, the model is not found in the region, or the rate limit cannot be checked.',
      503,
      'the assistant is unavailable: access to the language model is not granted',
      true,
    ),
  )
  @ApiGatewayTimeoutResponse(
    jsonError(
      'The language model took too long to answer.',
      504,
      'the language model took too long to answer',
    ),
  )
  async chat(
    @Body() body: ChatRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.enforceRateLimit(request.ip);
    const startedAt = performance.now();
    const upstream = new AbortController();
    // 'close' also fires after a normal end; only a close before the end means the client left.
    const onClose = () => {
      if (!reply.raw.writableFinished) upstream.abort();
    };
    reply.raw.on('close', onClose);
    let events: AsyncGenerator<ConverseStreamEvent> | undefined;
    try {
      events = await this.assistant.answer(body.messages, upstream.signal);
      let next: IteratorResult<ConverseStreamEvent>;
      try {
        next = await events.next();
      } catch (error) {
        if (error instanceof ConverseAbortedError) return this.clientLeft(reply, startedAt);
        // Nothing sent yet: a plain HTTP error the client can act on (the exception filter).
        throw this.beforeFirstByte(error, reply);
      }
      const stream = ServerSentEvents.open(request, reply);
      try {
        for (; !next.done; next = await events.next()) {
          const event = next.value;
          if (event.type === 'delta') await stream.send('delta', { text: event.text });
          else {
            this.countTokens(event);
            await stream.send('done', { stopReason: event.stopReason, usage: event.usage });
          }
          if (stream.closed) break;
        }
      } catch (error) {
        if (error instanceof ConverseAbortedError || upstream.signal.aborted) {
          return this.clientLeft(reply, startedAt);
        }
        const failure = toBedrockHttpException(error);
        this.metrics.upstreamErrors.inc({ error: failure.upstreamName });
        await stream.send('error', { statusCode: failure.getStatus(), message: failure.message });
      }
      if (upstream.signal.aborted) return this.clientLeft(reply, startedAt);
      stream.end();
    } finally {
      reply.raw.off('close', onClose);
      await events?.return(undefined);
    }
  }

  private async enforceRateLimit(clientAddress: string): Promise<void> {
    try {
      await this.rateLimiter.enforce(
        ASSISTANT_RATE_LIMIT,
        clientAddress,
        `too many questions: at most ${ASSISTANT_RATE_LIMIT.limit} per minute`,
      );
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // Redis is down: failing open would let one client spend the model budget unchecked.
      this.logger.error({ msg: 'assistant rate limit unavailable', err: error });
      throw new ServiceUnavailableException('the assistant is temporarily unavailable');
    }
  }

  private beforeFirstByte(error: unknown, reply: FastifyReply): unknown {
    if (!(error instanceof BedrockHttpException)) return error;
    this.metrics.upstreamErrors.inc({ error: error.upstreamName });
    if (error.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    return error;
  }

  private countTokens(event: Extract<ConverseStreamEvent, { type: 'done' }>): void {
    if (!event.usage) return;
    this.metrics.tokens.inc({ direction: 'input' }, event.usage.inputTokens);
    this.metrics.tokens.inc({ direction: 'output' }, event.usage.outputTokens);
  }

  private clientLeft(reply: FastifyReply, startedAt: number): void {
    if (!reply.sent) reply.hijack();
    reply.raw.destroy();
    this.metrics.clientClosed(ROUTE, (performance.now() - startedAt) / 1000);
  }
}

/** The exception filter's error body, as OpenAPI: `{ statusCode, error, message, requestId }`. */
function jsonError(
  description: string,
  statusCode: number,
  message: string | string[],
  retryAfter = false,
): ApiResponseOptions {
  return {
    description,
    ...(retryAfter
      ? {
          headers: {
            'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
          },
        }
      : {}),
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['statusCode', 'error', 'message', 'requestId'],
          properties: {
            statusCode: { type: 'integer', example: statusCode },
            error: { type: 'string' },
            message: {
              oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
              example: message,
            },
            requestId: { type: 'string' },
          },
        },
      },
    },
  };
}
