import { runInOrder } from './schedule';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runInOrder', () => {
  const graph: Record<string, string[]> = {
    bootstrap: [],
    'dev-network': ['bootstrap'],
    'dev-data': ['bootstrap', 'dev-network'],
    'prod-network': ['bootstrap'],
    'prod-data': ['bootstrap', 'prod-network'],
  };
  const items = Object.keys(graph);

  it('starts an item only after everything it waits for has finished', async () => {
    const finished: string[] = [];
    await runInOrder(
      items,
      (item) => graph[item]!,
      async (item) => {
        for (const before of graph[item]!)
          expect([item, finished]).toEqual([item, expect.arrayContaining([before])]);
        await sleep(5);
        finished.push(item);
      },
      2,
    );
    expect(finished).toHaveLength(items.length);
  });

  it('never runs more than the given number at once, and does use them', async () => {
    let running = 0;
    let peak = 0;
    await runInOrder(
      items,
      () => [],
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
      },
      2,
    );
    expect(peak).toBe(2);
  });

  it('runs the independent chains side by side', async () => {
    const started: string[] = [];
    await runInOrder(
      items,
      (item) => graph[item]!,
      async (item) => {
        started.push(item);
        await sleep(item.endsWith('network') ? 10 : 1);
      },
      2,
    );
    expect(started.slice(1, 3).sort()).toEqual(['dev-network', 'prod-network']);
  });

  it('rejects after the others settle when a task throws', async () => {
    const ran: string[] = [];
    await expect(
      runInOrder(
        ['a', 'b'],
        () => [],
        async (item) => {
          ran.push(item);
          await sleep(1);
          if (item === 'a') throw new Error('a broke');
        },
        1,
      ),
    ).rejects.toThrow('a broke');
    expect(ran).toEqual(['a', 'b']);
  });
});
