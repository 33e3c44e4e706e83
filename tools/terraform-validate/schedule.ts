/**
 * Runs `task` once for every item, each only after every item it waits for has finished, and at
 * most `concurrency` at a time. `items` must list every item after the ones it waits for (what
 * deploymentOrder returns); a task that throws rejects the whole run once the others settle.
 */
export async function runInOrder<T>(
  items: readonly T[],
  waitsFor: (item: T) => readonly T[],
  task: (item: T) => Promise<void>,
  concurrency: number,
): Promise<void> {
  let running = 0;
  const queue: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (running < concurrency) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };

  const done = new Map<T, Promise<void>>();
  for (const item of items) {
    const before = waitsFor(item).map((other) => {
      const finished = done.get(other);
      if (!finished) throw new Error('runInOrder: an item is listed before one it waits for');
      return finished;
    });
    done.set(
      item,
      Promise.allSettled(before).then(async () => {
        await slot();
        try {
          await task(item);
        } finally {
          release();
        }
      }),
    );
  }
  const results = await Promise.allSettled(done.values());
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
