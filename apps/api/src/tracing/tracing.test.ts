import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { ConfigError, loadConfig, loadTracingConfig } from '../config/config';
import { startTracing } from './tracing';
import { samplerFor, tracesUrl } from './tracing-sdk';

const ids = new AWSXRayIdGenerator();

/** Just enough for loadConfig to succeed. */
const MINIMAL_ENV: NodeJS.ProcessEnv = {
  DATABASE_HOST: '127.0.0.1',
  DATABASE_NAME: 'skyport',
  DATABASE_USER: 'skyport',
  DATABASE_PASSWORD: 'skyport',
  REDIS_HOST: '127.0.0.1',
  RABBITMQ_HOST: '127.0.0.1',
  RABBITMQ_USER: 'skyport',
  RABBITMQ_PASSWORD: 'skyport',
  CORS_ORIGIN: 'http://localhost:3001',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
  OWNER_EMAIL: 'owner@example.com',
  BEDROCK_REGION: 'us-east-1',
  BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
};

function withRemoteParent(sampled: boolean): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: ids.generateTraceId(),
    spanId: ids.generateSpanId(),
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/** How many of `count` new traces (no parent) the sampler keeps. */
function keptOf(ratio: number, count: number, parent: Context = ROOT_CONTEXT): number {
  const sampler = samplerFor(ratio);
  let kept = 0;
  for (let i = 0; i < count; i += 1) {
    const result = sampler.shouldSample(
      parent,
      ids.generateTraceId(),
      'GET',
      SpanKind.SERVER,
      {},
      [],
    );
    if (result.decision === SamplingDecision.RECORD_AND_SAMPLED) kept += 1;
  }
  return kept;
}

describe('tracing configuration', () => {
  it('is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and keeps one new trace in ten', () => {
    expect(loadTracingConfig({})).toEqual({ endpoint: undefined, sampleRatio: 0.1 });
    expect(
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toEqual({ endpoint: 'http://127.0.0.1:4318', sampleRatio: 0.25 });
    expect(loadTracingConfig({ OTEL_TRACES_SAMPLER_ARG: '1' }).sampleRatio).toBe(1);
    expect(loadTracingConfig({ OTEL_TRACES_SAMPLER_ARG: '0' }).sampleRatio).toBe(0);
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', '127.0.0.1:4317', 'must be an http(s) URL'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://127.0.0.1:4317', 'must be an http(s) URL'],
    ['OTEL_TRACES_SAMPLER_ARG', '10%', 'must be a sampling ratio from 0 to 1'],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5', 'must be a sampling ratio from 0 to 1'],
  ])('rejects %s=%s, naming it', (name, value, problem) => {
    expect(() => loadTracingConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadTracingConfig({ [name]: value })).toThrow(`${name} ${problem}`);
    // The same check runs with the rest of the configuration, so one start-up names every problem.
    expect(() => loadConfig({ [name]: value })).toThrow(`${name} ${problem}`);
  });

  it('is part of the whole configuration', () => {
    const config = loadConfig({
      ...MINIMAL_ENV,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
    });
    expect(config.tracing).toEqual({ endpoint: 'http://127.0.0.1:4318', sampleRatio: 0.5 });
  });

  it('stops before starting anything when the endpoint is malformed', () => {
    expect(() => startTracing('skyport-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(
      ConfigError,
    );
    expect(startTracing('skyport-api', {})).toBe(false);
  });

  it('sends to the OTLP/HTTP traces path of the collector', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('http://127.0.0.1:4318/')).toBe('http://127.0.0.1:4318/v1/traces');
  });
});

describe('sampling', () => {
  it('always follows the caller’s decision, whatever the ratio', () => {
    expect(keptOf(0, 50, withRemoteParent(true))).toBe(50);
    expect(keptOf(1, 50, withRemoteParent(false))).toBe(0);
  });

  it('keeps about `ratio` of the new traces', () => {
    expect(keptOf(0, 200)).toBe(0);
    expect(keptOf(1, 200)).toBe(200);
    // X-Ray ids start with a timestamp: the ratio must still spread over the random part.
    const kept = keptOf(0.1, 5_000);
    expect(kept).toBeGreaterThan(350);
    expect(kept).toBeLessThan(650);
  });
});

describe('with tracing off', () => {
  it('loads no OpenTelemetry module (node dist/tracing/tracing.js)', async () => {
    const script = `
      const { startTracing } = require(${JSON.stringify(resolve(__dirname, '../../dist/tracing/tracing.js'))});
      const started = startTracing('skyport-api', {});
      const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry'));
      console.log(JSON.stringify({ started, loaded }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
    expect(JSON.parse(stdout)).toEqual({ started: false, loaded: [] });
  });
});
