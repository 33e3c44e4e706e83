import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Counts route handlers still running. Closing the listener is not enough to drain: a client
 * that gave up closes its socket, so the server reports closed while the handler is still in
 * the database. Shutdown waits for this count to reach zero before the pools close.
 *
 * It wraps each Fastify route handler (trackRouteHandlers) rather than being a Nest interceptor:
 * with no interceptor at all, Nest calls a handler without building an rxjs pipeline around it,
 * which cost about a tenth of the CPU of a cached read (docs/decisions/0020).
 */
@Injectable()
export class InFlightHandlers {
  private running = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.running;
  }

  /** Runs `handler`, counted until it returns, or until the promise it returns settles. */
  track<T>(handler: () => T): T {
    this.running += 1;
    let result: T;
    try {
      result = handler();
    } catch (error) {
      this.done();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.done()) as T;
    }
    this.done();
    return result;
  }

  /** Resolves when no handler runs, or after `timeoutMs` (returning how many still ran). */
  async settled(timeoutMs: number): Promise<number> {
    if (this.running === 0) return 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.running;
  }

  private done(): void {
    this.running -= 1;
    if (this.running === 0) {
      for (const wake of this.waiters.splice(0)) wake();
    }
  }
}

/**
 * Counts every route handler registered on `fastify` from now on (Nest's controllers register
 * theirs when the application initializes): Nest's handler promise settles only when the
 * controller method has finished and its answer was handed to Fastify, even if the client left.
 */
export function trackRouteHandlers(fastify: FastifyInstance, handlers: InFlightHandlers): void {
  fastify.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function trackedHandler(this: unknown, request, reply) {
      return handlers.track(() => handler.call(this as FastifyInstance, request, reply));
    };
  });
}
