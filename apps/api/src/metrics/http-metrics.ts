import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Counts and times every response by route pattern (`/projects/:slug`, never the raw URL, so the
 * label set stays bounded); unmatched URLs share one label.
 */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
