import { randomUUID } from 'node:crypto';
import {
  constants,
  createServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';

/**
 * A local Amazon Bedrock Runtime speaking the real wire protocol, so tests (and `make dev` without
 * AWS credentials, through dist/stand-in-model.js) run the SDK unchanged:
 * cleartext HTTP/2 (the SDK's default handler connects with prior knowledge to an http:// URL),
 * `POST /model/{modelId}/converse-stream`, answers as AWS event-stream frames, errors chosen by the
 * `x-amzn-errortype` header. Point the API at it with `BEDROCK_ENDPOINT=fake.endpoint`.
 */
export interface FakeBedrock {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Every ConverseStream request received, oldest first. */
  readonly requests: readonly RecordedConverseRequest[];
  /** Scripts the next replies, in order; once they are used up, `defaultReply` answers. */
  reply(...replies: FakeBedrockReply[]): void;
  /** Forgets the recorded requests and any scripted reply not used yet. */
  reset(): void;
  close(): Promise<void>;
}

export interface RecordedConverseRequest {
  readonly modelId: string;
  readonly headers: IncomingHttpHeaders;
  /** The system prompt: the text of every system block, joined. */
  readonly system: string;
  readonly messages: ReadonlyArray<{ role: string; text: string }>;
  readonly inferenceConfig: Record<string, unknown> | undefined;
  /**
   * Settles when the HTTP/2 stream closes: `completed` when the fake ended it, `cancelled` when the
   * client reset it first (the API aborted the call).
   */
  readonly closed: Promise<'completed' | 'cancelled'>;
}

export interface FakeUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** Error names with the HTTP status Bedrock's service model gives them. */
export const BEDROCK_ERROR_STATUS = {
  ThrottlingException: 429,
  ServiceQuotaExceededException: 400,
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelNotReadyException: 429,
  ModelErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;

export type BedrockErrorName = keyof typeof BEDROCK_ERROR_STATUS;

/** Exceptions ConverseStream may send inside the event stream (their event names). */
export type InStreamExceptionName =
  | 'internalServerException'
  | 'modelStreamErrorException'
  | 'validationException'
  | 'throttlingException'
  | 'serviceUnavailableException';

export type FakeBedrockReply =
  | {
      readonly kind: 'answer';
      readonly deltas: readonly string[];
      readonly stopReason?: string;
      readonly usage?: FakeUsage;
      /** Pause before each delta, so a client can act in between. */
      readonly delayMs?: number;
      /** After the deltas, keep the stream open without sending anything (until the client leaves). */
      readonly stall?: boolean;
    }
  | { readonly kind: 'error'; readonly error: BedrockErrorName; readonly message?: string }
  | {
      readonly kind: 'stream-error';
      /** Deltas sent before the exception frame. */
      readonly deltas: readonly string[];
      readonly exception: InStreamExceptionName;
      readonly message?: string;
    }
  /** Accepts the request and never sends the response headers. */
  | { readonly kind: 'hang' };

export const DEFAULT_FAKE_USAGE: FakeUsage = {
  inputTokens: 120,
  outputTokens: 9,
  totalTokens: 129,
};

export const defaultReply: FakeBedrockReply = {
  kind: 'answer',
  deltas: ['Hello', ' from', ' the fake model.'],
  stopReason: 'end_turn',
  usage: DEFAULT_FAKE_USAGE,
};

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const ROUTE = /^\/model\/([^/]+)\/converse-stream$/;

export interface FakeBedrockOptions {
  /** Loopback port to listen on. @default a free one */
  readonly port?: number;
  /** The answer when no scripted reply is waiting. @default `defaultReply` */
  readonly respond?: (request: RecordedConverseRequest) => FakeBedrockReply;
}

export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const requests: RecordedConverseRequest[] = [];
  let scripted: FakeBedrockReply[] = [];
  const streams = new Set<ServerHttp2Stream>();
  const server: Http2Server = createServer();

  server.on('stream', (stream, headers) => {
    streams.add(stream);
    let endedByFake = false;
    const closed = new Promise<'completed' | 'cancelled'>((resolve) => {
      stream.on('close', () => {
        streams.delete(stream);
        resolve(
          endedByFake && stream.rstCode === constants.NGHTTP2_NO_ERROR ? 'completed' : 'cancelled',
        );
      });
    });
    stream.on('error', () => undefined);
    const end = (body?: string | Uint8Array) => {
      endedByFake = true;
      stream.end(body);
    };
    const path = String(headers[':path'] ?? '');
    const match = ROUTE.exec(path);
    if (headers[':method'] !== 'POST' || !match) {
      stream.respond({ ':status': 404, 'content-type': 'application/json' });
      end(
        JSON.stringify({
          message: `the fake serves only POST /model/{id}/converse-stream, not ${path}`,
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ConverseBody;
      const request: RecordedConverseRequest = {
        modelId: decodeURIComponent(match[1] ?? ''),
        headers,
        system: (body.system ?? []).map((block) => block.text ?? '').join('\n'),
        messages: (body.messages ?? []).map((message) => ({
          role: message.role,
          text: (message.content ?? []).map((block) => block.text ?? '').join(''),
        })),
        inferenceConfig: body.inferenceConfig,
        closed,
      };
      requests.push(request);
      void play(stream, scripted.shift() ?? options.respond?.(request) ?? defaultReply, end);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      scripted.push(...replies);
    },
    reset: () => {
      requests.length = 0;
      scripted = [];
    },
    close: async () => {
      for (const stream of streams) stream.close(constants.NGHTTP2_CANCEL);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ConverseBody {
  system?: Array<{ text?: string }>;
  messages?: Array<{ role: string; content?: Array<{ text?: string }> }>;
  inferenceConfig?: Record<string, unknown>;
}

async function play(
  stream: ServerHttp2Stream,
  reply: FakeBedrockReply,
  end: (body?: string | Uint8Array) => void,
): Promise<void> {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'error') {
    stream.respond({
      ':status': BEDROCK_ERROR_STATUS[reply.error],
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      // Bedrock appends the model namespace after a colon; the SDK must strip it.
      'x-amzn-errortype': `${reply.error}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    });
    end(JSON.stringify({ message: reply.message ?? `fake ${reply.error}` }));
    return;
  }
  stream.respond({
    ':status': 200,
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': randomUUID(),
  });
  const send = (eventType: string, body: object) => {
    if (!stream.closed) stream.write(eventFrame(eventType, body));
  };
  send('messageStart', { role: 'assistant', p: 'abcd' });
  for (const text of reply.deltas) {
    if (reply.kind === 'answer' && reply.delayMs) await sleep(reply.delayMs);
    send('contentBlockDelta', { contentBlockIndex: 0, delta: { text }, p: 'abcd' });
  }
  if (reply.kind === 'stream-error') {
    if (!stream.closed) {
      end(exceptionFrame(reply.exception, reply.message ?? `fake ${reply.exception}`));
    }
    return;
  }
  if (reply.stall) return;
  send('contentBlockStop', { contentBlockIndex: 0, p: 'abcd' });
  send('messageStop', { stopReason: reply.stopReason ?? 'end_turn', p: 'abcd' });
  send('metadata', {
    usage: reply.usage ?? DEFAULT_FAKE_USAGE,
    metrics: { latencyMs: 42 },
    p: 'abcd',
  });
  if (!stream.closed) end();
}

function eventFrame(eventType: string, body: object): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}

function exceptionFrame(exceptionType: InStreamExceptionName, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
