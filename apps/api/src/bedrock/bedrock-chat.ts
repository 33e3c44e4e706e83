import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { toBedrockHttpException, type BedrockHttpException } from './bedrock-errors';

/** Injection token of the BedrockRuntimeClient. */
export const BEDROCK_CLIENT = Symbol('BEDROCK_CLIENT');

/** Injection token of the response timeout, so a test can shorten it. */
export const BEDROCK_RESPONSE_TIMEOUT_MS = Symbol('BEDROCK_RESPONSE_TIMEOUT_MS');

/**
 * How long to wait for Bedrock's response headers (connect, TLS, signing, the SDK's retries with
 * backoff): past that the client gets a 504 rather than a hanging request.
 */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 20_000;

export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface ConverseStreamRequest {
  readonly system: string;
  readonly messages: readonly ChatTurn[];
  readonly maxTokens: number;
  readonly temperature: number;
  /** Aborting it (the client went away) cancels the Bedrock stream. */
  readonly signal?: AbortSignal;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

export type ConverseStreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly stopReason: string; readonly usage: TokenUsage | null };

/** Raised when the caller's signal aborted the call: nobody is left to answer. */
export class ConverseAbortedError extends Error {
  override readonly name = 'ConverseAbortedError';
}

/** The event stream ended before Bedrock's `messageStop`. */
export class IncompleteStreamError extends Error {
  override readonly name = 'IncompleteStreamError';
  constructor() {
    super('the event stream ended before messageStop');
  }
}

/**
 * Bedrock's ConverseStream reduced to what a chat needs: text deltas, then one `done` with the stop
 * reason and the token usage. Every failure is thrown as a BedrockHttpException (or
 * ConverseAbortedError), whether Bedrock refused the request or broke off in mid-stream.
 */
@Injectable()
export class BedrockChat {
  private readonly logger = new Logger(BedrockChat.name);

  constructor(
    @Inject(BEDROCK_CLIENT) private readonly client: BedrockRuntimeClient,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional()
    @Inject(BEDROCK_RESPONSE_TIMEOUT_MS)
    private readonly responseTimeoutMs: number = DEFAULT_RESPONSE_TIMEOUT_MS,
  ) {}

  /**
   * Nothing is sent until the first `next()`: that call connects and waits for the first event,
   * so a caller can still answer with a plain HTTP error if it throws.
   */
  async *converseStream(request: ConverseStreamRequest): AsyncGenerator<ConverseStreamEvent> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.responseTimeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, deadline.signal])
      : deadline.signal;
    let stream: AsyncIterable<ConverseStreamOutput>;
    try {
      const response = await this.client.send(
        new ConverseStreamCommand({
          modelId: this.config.bedrock.modelId,
          system: [{ text: request.system }],
          messages: request.messages.map((turn) => ({
            role: turn.role,
            content: [{ text: turn.text }],
          })),
          inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
        }),
        { abortSignal: signal },
      );
      if (!response.stream) throw new Error('ConverseStream answered without a stream');
      stream = response.stream;
    } catch (error) {
      throw this.failure(error, request.signal, deadline.signal.aborted);
    } finally {
      clearTimeout(timer);
    }

    let stopReason: string | undefined;
    let usage: TokenUsage | null = null;
    try {
      for await (const event of stream) {
        const text = event.contentBlockDelta?.delta?.text;
        if (text) yield { type: 'delta', text };
        if (event.messageStop?.stopReason) stopReason = event.messageStop.stopReason;
        const tokens = event.metadata?.usage;
        if (tokens) {
          usage = {
            inputTokens: tokens.inputTokens ?? 0,
            outputTokens: tokens.outputTokens ?? 0,
            totalTokens: tokens.totalTokens ?? 0,
          };
        }
        // The event-stream union also carries errors as members, not only as thrown exceptions.
        const inStreamError =
          event.internalServerException ??
          event.modelStreamErrorException ??
          event.validationException ??
          event.throttlingException ??
          event.serviceUnavailableException;
        if (inStreamError) throw inStreamError;
      }
    } catch (error) {
      throw this.failure(error, request.signal, false);
    }
    // The SDK ends the iteration quietly when the stream is cut (abort, idle timeout, reset):
    // without messageStop the answer is incomplete and must not be reported as done.
    if (stopReason === undefined) {
      throw this.failure(new IncompleteStreamError(), request.signal, false);
    }
    yield { type: 'done', stopReason, usage };
  }

  private failure(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timedOut: boolean,
  ): BedrockHttpException | ConverseAbortedError {
    if (callerSignal?.aborted) return new ConverseAbortedError('the client closed the request');
    const mapped = timedOut
      ? toBedrockHttpException({ name: 'TimeoutError', cause: error })
      : toBedrockHttpException(error);
    const metadata = (error as { $metadata?: { requestId?: string; httpStatusCode?: number } })
      .$metadata;
    const details = {
      upstream: mapped.upstreamName,
      status: mapped.getStatus(),
      awsRequestId: metadata?.requestId,
      upstreamStatus: metadata?.httpStatusCode,
      reason: error instanceof Error ? error.message : undefined,
    };
    // Throttling is expected under load; anything else needs an operator's eyes.
    if (mapped.getStatus() === 429)
      this.logger.warn({ msg: 'Bedrock throttled the assistant', ...details });
    else this.logger.error({ msg: 'Bedrock call failed', ...details });
    return mapped;
  }
}
