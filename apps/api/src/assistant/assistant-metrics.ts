import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../metrics/metrics';

/** What the assistant costs and how it fails, next to the HTTP metrics on /metrics. */
@Injectable()
export class AssistantMetrics {
  /** Bedrock bills by token: this is the cost curve. */
  readonly tokens: Counter<'direction'>;
  /** Bedrock failures by error name, whether before or during the stream. */
  readonly upstreamErrors: Counter<'error'>;

  constructor(private readonly metrics: Metrics) {
    this.tokens = new Counter({
      name: 'assistant_tokens_total',
      help: 'Tokens used by assistant answers, by direction (input, output).',
      labelNames: ['direction'] as const,
      registers: [metrics.registry],
    });
    this.upstreamErrors = new Counter({
      name: 'assistant_upstream_errors_total',
      help: 'Failed Bedrock calls of the assistant, by Bedrock error name.',
      labelNames: ['error'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * A stream the client abandoned never finishes, so Fastify's onResponse hook (on 'finish') does
   * not count it: counted here as 499, the de facto "client closed request" status.
   */
  clientClosed(route: string, seconds: number): void {
    const labels = { method: 'POST', route, status: '499' };
    this.metrics.httpRequests.inc(labels);
    this.metrics.httpDuration.observe(labels, seconds);
  }
}
