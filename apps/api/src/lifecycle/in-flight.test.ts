import fastify from 'fastify';
import { InFlightHandlers, trackRouteHandlers } from './in-flight';

function gate(): { promise: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open = () => {};
  let fail: (error: Error) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('InFlightHandlers', () => {
  it('waits for every running handler, errors included', async () => {
    const tracker = new InFlightHandlers();
    const first = gate();
    const failing = gate();
    const firstRun = tracker.track(() => first.promise);
    const failingRun = tracker.track(() => failing.promise).catch(() => 'failed');
    expect(tracker.count).toBe(2);

    let settled = false;
    const waiting = tracker.settled(5_000).then((left) => {
      settled = true;
      return left;
    });
    first.open();
    await firstRun;
    await Promise.resolve();
    expect(settled).toBe(false);
    failing.fail(new Error('boom'));
    expect(await failingRun).toBe('failed');
    expect(await waiting).toBe(0);
  });

  it('counts a handler that returns or throws at once only while it runs', () => {
    const tracker = new InFlightHandlers();
    expect(tracker.track(() => 'answer')).toBe('answer');
    expect(() =>
      tracker.track(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tracker.count).toBe(0);
  });

  it('gives up after the timeout and says how many still run', async () => {
    const tracker = new InFlightHandlers();
    void tracker.track(() => gate().promise);
    expect(await tracker.settled(20)).toBe(1);
  });

  it('counts a Fastify route handler until it has finished, even after its client left', async () => {
    const tracker = new InFlightHandlers();
    const app = fastify();
    trackRouteHandlers(app, tracker);
    const slow = gate();
    let entered = () => {};
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    app.get('/slow', async () => {
      entered();
      await slow.promise;
      return { done: true };
    });
    app.get('/fast', () => ({ done: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      expect(await (await fetch(`http://127.0.0.1:${port}/fast`)).json()).toEqual({ done: true });
      expect(tracker.count).toBe(0);

      const client = new AbortController();
      const request = fetch(`http://127.0.0.1:${port}/slow`, { signal: client.signal }).catch(
        () => 'aborted',
      );
      await handlerEntered;
      client.abort();
      expect(await request).toBe('aborted');
      expect(tracker.count).toBe(1);
      slow.open();
      expect(await tracker.settled(5_000)).toBe(0);
    } finally {
      await app.close();
    }
  });
});
