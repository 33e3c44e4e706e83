import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const tiny = path.join(__dirname, 'fixtures', 'tiny');
const prices = ['--prices', path.join(__dirname, 'fixtures', 'test-prices.json')];

function cost(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, COST_NAT_DATA_GB: '' };
  const run = spawnSync(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['tools/cost/main.ts', ...args],
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('tsx tools/cost/main.ts', () => {
  it('prints a table per environment, the assumptions, then one line with the totals and what it left out', () => {
    const { status, stdout } = cost(tiny, ...prices, '--set', 'natDataGb=0');
    expect(status).toBe(0);
    expect(stdout).toContain('tiny: ');
    expect(stdout).toMatch(
      /natDataGb\s+0\s+GB a month through the NAT gateways of an environment \(set\)/,
    );
    // The fixture's lambda and made-up resource have no price: the summary says so.
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^cost: tiny [\d,.]+ USD\/month; 2 resources not priced \(listed above\)$/,
    );
    expect(stdout).toContain('aws_made_up_thing.mystery: no pricing rule');
  });

  it('answers JSON with every line, its price key and the assumptions used', () => {
    const { status, stdout } = cost(tiny, ...prices, '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as {
      assumptions: { hoursPerMonth: number };
      environments: Array<{
        environment: string;
        stacks: Array<{ lines: Array<{ priceKey: string }>; unpriced: unknown[] }>;
      }>;
    };
    expect(json.assumptions.hoursPerMonth).toBe(730);
    expect(json.environments[0]?.environment).toBe('tiny');
    expect(json.environments[0]?.stacks[0]?.lines.map((l) => l.priceKey)).toContain('nat.hour');
    expect(json.environments[0]?.stacks[0]?.unpriced).toHaveLength(2);
  });

  it('compares two synth folders', () => {
    const { status, stdout } = cost('--diff', tiny, tiny);
    expect(status).toBe(0);
    expect(stdout.trim()).toBe('cost: no change to the monthly estimate');
  });

  it('refuses a bad assumption or a missing synth with a line saying what to do, and exit code 2', () => {
    const bad = cost(tiny, '--set', 'spotDiscount=1.5');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'cost: --set spotDiscount=1.5: spotDiscount 1.5 is out of range; use 0 to 1',
    );
    const missing = cost(path.join(tiny, 'nowhere'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("manifest.json does not exist; run 'make synth' first");
  });
});
