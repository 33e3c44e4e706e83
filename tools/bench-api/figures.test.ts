import { checkTargets, formatTable, routeFigures, SCENARIOS } from './figures';

const run = (requestsPerSecond: number, p99Ms = 10) => ({
  requestsPerSecond,
  p50Ms: 5,
  p99Ms,
  requests: requestsPerSecond * 10,
  non2xx: 0,
  errors: 0,
});

describe('bench-api figures', () => {
  it('averages the alternating runs of each side and divides current by baseline', () => {
    const route = routeFigures(SCENARIOS.hello, [run(1300), run(1500)], [run(1000), run(1000)]);
    expect(route.current.requestsPerSecond).toBe(1400);
    expect(route.baseline?.requestsPerSecond).toBe(1000);
    expect(route.ratio).toBe(1.4);
  });

  it('reports the current build alone when no baseline was measured', () => {
    const route = routeFigures(SCENARIOS.hello, [run(1000)]);
    expect(route.baseline).toBeUndefined();
    expect(formatTable([route])).toEqual([
      '| scenario | req/s | p50 ms | p99 ms | non-2xx | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      '| GET /hello | 1000 | 5 | 10 | 0 | 0 |',
    ]);
    expect(checkTargets([route]).map((check) => check.target)).toEqual(['GET /hello p99 < 20 ms']);
  });

  it('checks issue 15 targets: 1.3 × /hello, 0.8 of /hello for cached /projects, 1.5 × /contact, read p99', () => {
    const checks = checkTargets([
      routeFigures(SCENARIOS.hello, [run(1300, 12)], [run(1000)]),
      routeFigures(SCENARIOS.projects, [run(1000, 25)], [run(600)]),
      routeFigures(SCENARIOS.contact, [run(1400)], [run(1000)]),
    ]);
    expect(checks.map(({ target, met }) => [target, met])).toEqual([
      ['/hello ≥ 1.3 × baseline', true],
      ['cached /projects ≥ 0.8 × /hello', false],
      ['/contact ≥ 1.5 × baseline', false],
      ['GET /hello p99 < 20 ms', true],
      ['GET /projects (cached) p99 < 20 ms', false],
    ]);
  });

  it('prints baseline and current per route, with each run and the ratio', () => {
    const lines = formatTable([
      routeFigures(SCENARIOS.contact, [run(1600), run(1400)], [run(1000), run(1000)]),
    ]);
    expect(lines.slice(2)).toEqual([
      '| POST /contact | baseline | 1000 | 1000 / 1000 | 5 | 10 | 0 | 0 |  |',
      '| POST /contact | current | 1500 | 1600 / 1400 | 5 | 10 | 0 | 0 | 1.50 |',
    ]);
  });
});
