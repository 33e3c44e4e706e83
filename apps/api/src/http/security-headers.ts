import type { FastifyInstance } from 'fastify';

/**
 * The security headers of every response, computed once. They are what `@fastify/helmet` sent
 * with our options (a CSP of `default-src 'none'; base-uri 'none'; form-action 'none';
 * frame-ancestors 'none'`: the API answers JSON and event streams, never a page, so nothing may
 * load from or frame it; two-year HSTS with subdomains; helmet's other defaults), which
 * `security-headers.test.ts` checks against the plugin itself. The plugin rebuilt its middleware
 * and re-parsed the CSP on every request: about 9 % of the CPU of `GET /hello`.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const ENTRIES = Object.entries(SECURITY_HEADERS);

/**
 * Sets SECURITY_HEADERS on the Node response as each request arrives, as the plugin did: every
 * answer carries them (404s, errors, event streams written to `reply.raw`), and a route's own
 * `reply.header()` still takes precedence.
 */
export function sendSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of ENTRIES) raw.setHeader(name, value);
    done();
  });
}
