import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Logger } from '@nestjs/common';
import type { ApiConfig, BedrockConfig } from '../config/config';
import { startFakeBedrock, type FakeBedrock } from '../testing/fake-bedrock';
import { BedrockChat, ConverseAbortedError, type ConverseStreamEvent } from './bedrock-chat';
import { createBedrockClient } from './bedrock-client';
import { BedrockHttpException } from './bedrock-errors';

// The SDK signs every request; the fake does not check the signature, the chain still needs keys.
process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEBEDROCKTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-the-local-fake';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

describe('BedrockChat against the fake Bedrock (the SDK default HTTP/2 handler, cleartext)', () => {
  let fake: FakeBedrock;
  let bedrock: BedrockConfig;
  const clients: BedrockRuntimeClient[] = [];

  beforeAll(async () => {
    // Failures are logged on purpose; here they are the expected outcome.
    Logger.overrideLogger(false);
    fake = await startFakeBedrock();
    bedrock = {
      region: 'eu-west-1',
      modelId: 'eu.amazon.nova-micro-v1:0',
      endpoint: fake.endpoint,
      maxAttempts: 1,
      maxTokens: 256,
    };
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await fake?.close();
  });

  function chat(client = createBedrockClient(bedrock), responseTimeoutMs?: number): BedrockChat {
    clients.push(client);
    return new BedrockChat(client, { bedrock } as ApiConfig, responseTimeoutMs);
  }

  const request = {
    system: 'You answer about the owner.',
    messages: [{ role: 'user' as const, text: 'What is Skyport?' }],
    maxTokens: 256,
    temperature: 0.3,
  };

  async function collect(
    events: AsyncIterable<ConverseStreamEvent>,
  ): Promise<ConverseStreamEvent[]> {
    const all: ConverseStreamEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  }

  async function failure(events: AsyncIterable<ConverseStreamEvent>): Promise<unknown> {
    return collect(events).then(
      () => new Error('expected the stream to fail'),
      (error: unknown) => error,
    );
  }

  it('yields the deltas, then the stop reason and usage, and sends the whole request', async () => {
    fake.reply({
      kind: 'answer',
      deltas: ['Sky', 'port'],
      stopReason: 'max_tokens',
      usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
    });
    expect(await collect(chat().converseStream(request))).toEqual([
      { type: 'delta', text: 'Sky' },
      { type: 'delta', text: 'port' },
      {
        type: 'done',
        stopReason: 'max_tokens',
        usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
      },
    ]);
    const [received] = fake.requests;
    expect(received).toMatchObject({
      modelId: 'eu.amazon.nova-micro-v1:0',
      system: 'You answer about the owner.',
      messages: [{ role: 'user', text: 'What is Skyport?' }],
      inferenceConfig: { maxTokens: 256, temperature: 0.3 },
    });
    expect(String(received?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEBEDROCKTEST\/\d{8}\/eu-west-1\/bedrock\//,
    );
    expect(await received?.closed).toBe('completed');
  });

  it('sends nothing before the first next()', async () => {
    const events = chat().converseStream(request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toHaveLength(0);
    await collect(events);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps an HTTP error of Bedrock', async () => {
    fake.reply({ kind: 'error', error: 'ModelNotReadyException', message: 'internal detail' });
    const error = await failure(chat().converseStream(request));
    expect(error).toBeInstanceOf(BedrockHttpException);
    expect((error as BedrockHttpException).getStatus()).toBe(503);
    expect((error as BedrockHttpException).retryAfterSeconds).toBe(30);
  });

  it('maps an exception frame in the stream', async () => {
    fake.reply({
      kind: 'stream-error',
      deltas: ['partial'],
      exception: 'modelStreamErrorException',
    });
    const events = chat().converseStream(request);
    expect(await events.next()).toEqual({ done: false, value: { type: 'delta', text: 'partial' } });
    const error = await failure(events);
    expect((error as BedrockHttpException).getStatus()).toBe(502);
    expect((error as BedrockHttpException).upstreamName).toBe('ModelStreamErrorException');
  });

  it('answers 504 when the response headers do not come in time', async () => {
    fake.reply({ kind: 'hang' });
    const error = await failure(chat(undefined, 300).converseStream(request));
    expect((error as BedrockHttpException).getStatus()).toBe(504);
    expect(await fake.requests[0]?.closed).toBe('cancelled');
  });

  it('fails, rather than reporting done, when the stream goes silent and is cut', async () => {
    // The SDK ends the iteration quietly on its idle timeout: the missing messageStop gives it away.
    const client = new BedrockRuntimeClient({
      region: bedrock.region,
      endpoint: bedrock.endpoint,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, disableConcurrentStreams: true },
    });
    fake.reply({ kind: 'answer', deltas: ['half an'], stall: true });
    const events = chat(client).converseStream(request);
    expect((await events.next()).value).toEqual({ type: 'delta', text: 'half an' });
    const error = await failure(events);
    expect((error as BedrockHttpException).getStatus()).toBe(502);
    expect((error as BedrockHttpException).message).toMatch(/cut off/);
  });

  it('cancels the Bedrock stream when the caller aborts', async () => {
    fake.reply({ kind: 'answer', deltas: ['one', 'two'], stall: true });
    const abort = new AbortController();
    const events = chat().converseStream({ ...request, signal: abort.signal });
    await events.next();
    abort.abort();
    expect(await failure(events)).toBeInstanceOf(ConverseAbortedError);
    expect(await fake.requests[0]?.closed).toBe('cancelled');
  });
});
