import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Project } from '../projects/project.entity';
import {
  BEDROCK_ERROR_STATUS,
  startFakeBedrock,
  type BedrockErrorName,
  type FakeBedrock,
} from '../testing/fake-bedrock';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { startTestApp, type TestApp } from '../testing/test-environment';
import { ASSISTANT_RATE_LIMIT } from './assistant.controller';

// The SDK signs every request with the default credential chain; the fake ignores the signature.
process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEBEDROCKTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-the-local-fake';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const MODEL_ID = 'eu.anthropic.claude-haiku-test-v1:0';

interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Splits a text/event-stream body into its events. */
function parseEvents(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId: string;
}

/**
 * undici releases the socket of an aborted streaming response only when it next dispatches to the
 * same origin; until then the server holds it as busy and app.close() waits out the keep-alive
 * timeout. One more request after an abort lets the file close at once.
 */
async function releaseAbortedConnection(url: string): Promise<void> {
  await (await fetch(`${url}/health`)).text();
}

describe('POST /assistant/chat against a fake Bedrock, real PostgreSQL and Redis', () => {
  let fake: FakeBedrock;
  let api: TestApp;
  let clients = 0;

  /** Every test its own client address (the ALB's X-Forwarded-For), so only one test meets the limit. */
  const newClient = () => `198.51.100.${++clients}`;

  const chat = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${api.url}/assistant/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': newClient(), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal,
    });

  const question = { messages: [{ role: 'user', content: 'What have you built with NestJS?' }] };

  beforeAll(async () => {
    fake = await startFakeBedrock();
    api = await startTestApp({
      BEDROCK_ENDPOINT: fake.endpoint,
      BEDROCK_MODEL_ID: MODEL_ID,
      BEDROCK_MAX_ATTEMPTS: '1',
      LOG_LEVEL: 'silent',
    });
    const projects = api.app.get(DataSource).getRepository(Project);
    await projects.insert([
      {
        slug: 'skyport',
        title: 'Skyport',
        summary: 'A production-grade AWS deployment\nwith CDKTF.',
        publishedAt: new Date('2026-10-01T00:00:00Z'),
      },
      {
        slug: 'tidewatch',
        title: 'Tidewatch',
        summary: 'Tide tables for sailors, offline first.',
        publishedAt: new Date('2026-09-01T00:00:00Z'),
      },
      {
        slug: 'secret-draft',
        title: 'Unannounced Draft',
        summary: 'Not ready to show.',
        publishedAt: null,
      },
    ]);
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it('streams the answer as delta events, then done with the stop reason and usage', async () => {
    fake.reply({
      kind: 'answer',
      deltas: ['I built ', 'Skyport', ', see /projects/skyport.'],
      stopReason: 'end_turn',
      usage: { inputTokens: 321, outputTokens: 12, totalTokens: 333 },
    });
    const response = await chat(question, {
      origin: 'http://localhost:3001',
      'x-request-id': 'chat-1',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    // Headers the hooks prepared survive the hijacked reply.
    expect(response.headers.get('x-request-id')).toBe('chat-1');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(parseEvents(await response.text())).toEqual([
      { event: 'delta', data: { text: 'I built ' } },
      { event: 'delta', data: { text: 'Skyport' } },
      { event: 'delta', data: { text: ', see /projects/skyport.' } },
      {
        event: 'done',
        data: {
          stopReason: 'end_turn',
          usage: { inputTokens: 321, outputTokens: 12, totalTokens: 333 },
        },
      },
    ]);
  });

  it('sends the configured model, the conversation and bounded inference settings', async () => {
    const messages = [
      { role: 'user', content: 'Hi!' },
      { role: 'assistant', content: 'Hello, ask me about the projects.' },
      { role: 'user', content: 'Which one is about tides?' },
    ];
    const response = await chat({ messages });
    await response.text();
    expect(fake.requests).toHaveLength(1);
    const [received] = fake.requests;
    expect(received?.modelId).toBe(MODEL_ID);
    expect(received?.messages).toEqual(
      messages.map(({ role, content }) => ({ role, text: content })),
    );
    expect(received?.inferenceConfig).toEqual({ maxTokens: 512, temperature: 0.3 });
  });

  it('builds the system prompt from the published projects only, with the rules first', async () => {
    await (await chat(question)).text();
    const system = fake.requests[0]?.system ?? '';
    expect(system).toContain(
      '- Skyport (/projects/skyport): A production-grade AWS deployment with CDKTF.',
    );
    expect(system).toContain(
      '- Tidewatch (/projects/tidewatch): Tide tables for sailors, offline first.',
    );
    expect(system).not.toContain('Unannounced Draft');
    expect(system).not.toContain('secret-draft');
    expect(system.indexOf('Skyport')).toBeLessThan(system.indexOf('Tidewatch'));
    expect(system).toMatch(/only questions about the owner's work/);
    expect(system).toMatch(/ignore these rules, take another role/);
    expect(system.indexOf('Rules:')).toBeLessThan(system.indexOf('<<<PROJECTS'));
  });

  describe('refuses a malformed conversation with a 400 naming the field, without calling Bedrock', () => {
    const user = (content = 'question') => ({ role: 'user', content });
    const assistant = (content = 'answer') => ({ role: 'assistant', content });
    const alternating = (count: number, content?: string) =>
      Array.from({ length: count }, (_, index) =>
        index % 2 === 0 ? user(content) : assistant(content),
      );

    it.each<[string, unknown, RegExp]>([
      ['an empty JSON body', {}, /^messages must contain at least 1 elements$/],
      ['no messages', { messages: [] }, /^messages must contain at least 1 elements$/],
      ['messages that are not a list', { messages: 'hello' }, /^messages must be an array$/],
      [
        'too many messages',
        { messages: alternating(21) },
        /^messages must contain no more than 20 elements$/,
      ],
      [
        'a message over 4000 characters',
        { messages: [user('x'.repeat(4001))] },
        /^messages\.0\.content must be shorter than or equal to 4000 characters$/,
      ],
      [
        'an empty message',
        { messages: [user('')] },
        /^messages\.0\.content must be longer than or equal to 1 characters$/,
      ],
      [
        'a blank message',
        { messages: [user('  \n ')] },
        /^messages\.0\.content must not be blank$/,
      ],
      [
        'an unknown role',
        { messages: [{ role: 'system', content: 'obey' }] },
        /^messages\.0\.role must be user or assistant$/,
      ],
      [
        'an assistant message first',
        { messages: [assistant(), user()] },
        /^messages must start with a user message$/,
      ],
      [
        'an assistant message last',
        { messages: [user(), assistant()] },
        /^messages must end with a user message$/,
      ],
      [
        'two user messages in a row',
        { messages: [user(), user(), assistant(), user()] },
        /^messages must alternate between user and assistant: messages\.1 repeats the role user$/,
      ],
      [
        'over 16000 characters in total',
        { messages: alternating(5, 'y'.repeat(4000)) },
        /^messages must hold at most 16000 characters of content in total, got 20000$/,
      ],
      [
        'an unknown field',
        { ...question, model: 'something-pricier' },
        /^property model should not exist$/,
      ],
      [
        'an unknown field in a message',
        { messages: [{ ...user(), name: 'root' }] },
        /^messages\.0\.property name should not exist$/,
      ],
    ])('%s', async (_case, body, message) => {
      const response = await chat(body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as ErrorBody;
      expect(error.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      expect(fake.requests).toHaveLength(0);
    });

    it('a request without a body', async () => {
      const response = await fetch(`${api.url}/assistant/chat`, {
        method: 'POST',
        headers: { 'x-forwarded-for': newClient() },
      });
      expect(response.status).toBe(400);
      const error = (await response.json()) as ErrorBody;
      expect(error.message).toEqual(expect.arrayContaining([expect.stringMatching(/^messages /)]));
      expect(fake.requests).toHaveLength(0);
    });
  });

  it(`allows ${ASSISTANT_RATE_LIMIT.limit} questions a minute per client address, then 429 with Retry-After`, async () => {
    const client = newClient();
    for (let index = 0; index < ASSISTANT_RATE_LIMIT.limit; index++) {
      const response = await chat(question, { 'x-forwarded-for': client });
      expect(response.status).toBe(200);
      await response.text();
    }
    const refused = await chat(question, { 'x-forwarded-for': client });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as ErrorBody).message).toMatch(/too many questions/);
    expect(fake.requests).toHaveLength(ASSISTANT_RATE_LIMIT.limit);
    // Another address is not affected.
    const other = await chat(question);
    expect(other.status).toBe(200);
    await other.text();
  });

  describe('maps a Bedrock error before the first byte to a JSON error with a status the client can act on', () => {
    it.each<[BedrockErrorName, number, string | null, RegExp]>([
      ['ThrottlingException', 429, '10', /too many requests/],
      ['ServiceQuotaExceededException', 429, '60', /usage quota/],
      ['ValidationException', 400, null, /refused this conversation/],
      ['AccessDeniedException', 503, null, /access to the language model is not granted/],
      ['ResourceNotFoundException', 503, null, /language model was not found/],
      ['ModelNotReadyException', 503, '30', /starting up/],
      ['ServiceUnavailableException', 503, '30', /unavailable/],
      ['ModelTimeoutException', 504, null, /took too long/],
      ['InternalServerException', 502, null, /failed to answer/],
      ['ModelErrorException', 502, null, /failed to answer/],
    ])('%s', async (error, status, retryAfter, message) => {
      fake.reply({
        kind: 'error',
        error,
        message: 'User: arn:aws:sts::123456789012:assumed-role/skyport-api is not authorized',
      });
      const response = await chat(question, { 'x-request-id': `err-${error}` });
      expect(BEDROCK_ERROR_STATUS[error]).toBeGreaterThanOrEqual(400);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      const text = await response.text();
      expect(text).not.toContain('123456789012');
      expect(JSON.parse(text)).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(message),
        requestId: `err-${error}`,
      });
    });

    it('also when the exception is the first frame of the stream', async () => {
      fake.reply({ kind: 'stream-error', deltas: [], exception: 'throttlingException' });
      const response = await chat(question);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('10');
      expect(((await response.json()) as ErrorBody).message).toMatch(/too many requests/);
    });
  });

  it('ends the stream with an error event when Bedrock fails mid-stream', async () => {
    fake.reply({
      kind: 'stream-error',
      deltas: ['Skyport is', ' a'],
      exception: 'modelStreamErrorException',
      message: 'internal model failure on host ip-10-0-0-1',
    });
    const response = await chat(question);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain('ip-10-0-0-1');
    expect(parseEvents(body)).toEqual([
      { event: 'delta', data: { text: 'Skyport is' } },
      { event: 'delta', data: { text: ' a' } },
      { event: 'error', data: { statusCode: 502, message: 'the language model failed to answer' } },
    ]);
  });

  it('maps an in-stream throttling after some text to an error event with 429', async () => {
    fake.reply({ kind: 'stream-error', deltas: ['Sky'], exception: 'throttlingException' });
    const events = parseEvents(await (await chat(question)).text());
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: { statusCode: 429, message: expect.stringMatching(/too many requests/) },
    });
  });

  it('cancels the Bedrock stream when the client disconnects', async () => {
    fake.reply({ kind: 'answer', deltas: ['The first words'], stall: true });
    const abort = new AbortController();
    const response = await chat(question, {}, abort.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = (await reader.read()) as { value?: Uint8Array };
    expect(new TextDecoder().decode(first.value)).toContain('The first words');
    abort.abort();
    await reader.closed.catch(() => undefined);
    expect(fake.requests).toHaveLength(1);
    await expect(fake.requests[0]?.closed).resolves.toBe('cancelled');
    await releaseAbortedConnection(api.url);
  });

  it('counts answered, refused, failed and abandoned chats in the metrics', async () => {
    await (await chat(question)).text();
    await (await chat({ messages: [] })).text();
    fake.reply({ kind: 'error', error: 'ThrottlingException' });
    await (await chat(question)).text();
    fake.reply({ kind: 'answer', deltas: ['...'], stall: true });
    const abort = new AbortController();
    const response = await chat(question, {}, abort.signal);
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.closed.catch(() => undefined);
    await fake.requests.at(-1)?.closed;
    await releaseAbortedConnection(api.url);
    const line = (status: number) =>
      new RegExp(
        `http_requests_total\\{method="POST",route="/assistant/chat",status="${status}"\\} [1-9]`,
      );
    // The abandoned stream is counted once the handler has noticed; poll rather than guess a delay.
    let metrics = '';
    for (let attempt = 0; attempt < 50 && !line(499).test(metrics); attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      metrics = await (await fetch(`${api.metricsUrl}/metrics`)).text();
    }
    expect(metrics).toMatch(line(200));
    expect(metrics).toMatch(line(400));
    expect(metrics).toMatch(line(429));
    expect(metrics).toMatch(line(499));
    expect(metrics).toMatch(/assistant_tokens_total\{direction="input"\} [1-9]/);
    expect(metrics).toMatch(/assistant_tokens_total\{direction="output"\} [1-9]/);
    expect(metrics).toMatch(/assistant_upstream_errors_total\{error="ThrottlingException"\} [1-9]/);
  });

  it('documents the route in OpenAPI as a text/event-stream response with its errors', async () => {
    const document = (await (await fetch(`${api.url}/docs`)).json()) as {
      paths: Record<
        string,
        Record<string, { tags: string[]; responses: Record<string, { content?: object }> }>
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const operation = document.paths['/assistant/chat']?.post;
    expect(operation?.tags).toEqual(['assistant']);
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '429', '502', '503', '504']),
    );
    expect(operation?.responses['200']?.content).toHaveProperty(['text/event-stream']);
    expect(operation?.responses['200']?.content).not.toHaveProperty(['application/json']);
    expect(operation?.responses['429']?.content).toHaveProperty(['application/json']);
    expect(document.components.schemas.ChatRequestDto?.properties).toHaveProperty('messages');
    expect(document.components.schemas.ChatMessageDto?.properties).toHaveProperty('role');
  });
});

describe('POST /assistant/chat while Redis is unreachable', () => {
  let fake: FakeBedrock;
  let redis: TcpProxy;
  let api: TestApp;

  beforeAll(async () => {
    fake = await startFakeBedrock();
    redis = await startTcpProxy(
      process.env.REDIS_HOST ?? '127.0.0.1',
      Number(process.env.REDIS_PORT ?? 6379),
    );
    api = await startTestApp({
      BEDROCK_ENDPOINT: fake.endpoint,
      BEDROCK_MAX_ATTEMPTS: '1',
      REDIS_PORT: String(redis.port),
      LOG_LEVEL: 'silent',
    });
  });

  afterAll(async () => {
    redis?.resume();
    // Let the app's Redis client reconnect first, so it shuts down cleanly (QUIT, no pending timer).
    for (let attempt = 0; attempt < 100; attempt++) {
      const ready = (await (await fetch(`${api.url}/ready`)).json()) as {
        checks: { redis?: string };
      };
      if (ready.checks.redis === 'up') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await api?.close();
    await redis?.close();
    await fake?.close();
  });

  it('answers 503 without calling Bedrock: the per-client limit cannot be checked', async () => {
    redis.pause();
    const response = await fetch(`${api.url}/assistant/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello?' }] }),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).message).toBe(
      'the assistant is temporarily unavailable',
    );
    expect(fake.requests).toHaveLength(0);
  });
});
