import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { SECURITY_HEADERS, sendSecurityHeaders } from './security-headers';

/** The options the API gave `@fastify/helmet` before the headers were computed once. */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
};

/** The headers a bare Fastify answers `path` with, after `setup`; without date and connection. */
async function headersOf(
  setup: (fastify: FastifyInstance) => Promise<unknown> | void,
  path: string,
): Promise<Record<string, string>> {
  const fastify = new FastifyAdapter().getInstance<FastifyInstance>();
  await setup(fastify);
  fastify.get('/json', () => Promise.resolve({ ok: true }));
  fastify.get('/own-csp', (_request, reply) => {
    void reply.header('content-security-policy', "default-src 'self'");
    return Promise.resolve({ ok: true });
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = fastify.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
    const headers = Object.fromEntries(response.headers);
    for (const name of ['date', 'connection', 'keep-alive']) delete headers[name];
    return headers;
  } finally {
    await fastify.close();
  }
}

describe('the security headers computed once', () => {
  it.each(['/json', '/unknown', '/own-csp'])(
    'are exactly what @fastify/helmet sent with the same options, on %s',
    async (path) => {
      const fromPlugin = await headersOf(async (fastify) => {
        await fastify.register(helmet, HELMET_OPTIONS);
      }, path);
      const computedOnce = await headersOf(sendSecurityHeaders, path);
      expect(computedOnce).toEqual(fromPlugin);
    },
  );

  it('include the strict CSP and two-year HSTS', () => {
    expect(SECURITY_HEADERS['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(SECURITY_HEADERS['strict-transport-security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });
});
