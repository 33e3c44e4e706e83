import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';

/**
 * Counts route handlers still running. Closing the listener is not enough to drain: a client
 * that gave up closes its socket, so the server reports closed while the handler is still in
 * the database. Shutdown waits for this count to reach zero before the pools close.
 */
@Injectable()
export class InFlightHandlers implements NestInterceptor {
  private running = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.running;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.running += 1;
    return next.handle().pipe(finalize(() => this.done()));
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
