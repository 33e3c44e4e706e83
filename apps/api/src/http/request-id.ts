import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id that ties a request's log lines and error body together: the caller's `x-request-id`
 * (the ALB's or a client's) when it is a plain token, otherwise a new UUID, so a crafted header
 * cannot inject text into the logs.
 */
export function requestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}
