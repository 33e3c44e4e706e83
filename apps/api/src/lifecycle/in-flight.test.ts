import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Subject } from 'rxjs';
import { InFlightHandlers } from './in-flight';

describe('InFlightHandlers', () => {
  const context = {} as ExecutionContext;

  function handler(): { next: CallHandler; finish: () => void } {
    const result = new Subject<string>();
    return {
      next: { handle: () => result.asObservable() },
      finish: () => {
        result.next('done');
        result.complete();
      },
    };
  }

  it('waits for every running handler, errors included', async () => {
    const tracker = new InFlightHandlers();
    const first = handler();
    const failing = new Subject<string>();
    const firstRun = lastValueFrom(tracker.intercept(context, first.next));
    const failingRun = lastValueFrom(
      tracker.intercept(context, { handle: () => failing.asObservable() }),
    ).catch(() => 'failed');
    expect(tracker.count).toBe(2);

    let settled = false;
    const waiting = tracker.settled(5_000).then((left) => {
      settled = true;
      return left;
    });
    first.finish();
    await firstRun;
    await Promise.resolve();
    expect(settled).toBe(false);
    failing.error(new Error('boom'));
    expect(await failingRun).toBe('failed');
    expect(await waiting).toBe(0);
  });

  it('gives up after the timeout and says how many still run', async () => {
    const tracker = new InFlightHandlers();
    void lastValueFrom(tracker.intercept(context, handler().next)).catch(() => undefined);
    expect(await tracker.settled(20)).toBe(1);
  });
});
