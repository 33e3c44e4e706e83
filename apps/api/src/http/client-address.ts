import type { FastifyInstance } from 'fastify';

/**
 * Makes `request.ip` the address the proxy in front of the API wrote in `header` (lower case): it
 * replaces X-Forwarded-For before anything reads it, so the app's trust-one-hop rule picks it.
 * Without the header the address is the connection's, never one a client supplied. Only for a
 * proxy that overwrites the header on every request and is the only way to the tasks, as
 * Skyport's API Gateway HTTP API is (it sends no X-Forwarded-For of its own).
 */
export function useClientAddressHeader(fastify: FastifyInstance, header: string): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const address = request.headers[header];
    if (typeof address === 'string' && address.length > 0) {
      request.raw.headers['x-forwarded-for'] = address;
    } else {
      delete request.raw.headers['x-forwarded-for'];
    }
    done();
  });
}
