import path from 'node:path';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { estimate, type StackEstimate } from './estimate';
import { PriceTable } from './price-table';
import { spotTasks } from './rules/compute';
import { readSynthOutput } from './synth-output';
import { TEST_PRICES } from './test-prices';

const tiny = path.join(__dirname, 'fixtures', 'tiny');

function tinyStack(assumptions = DEFAULT_ASSUMPTIONS): StackEstimate {
  const result = estimate(readSynthOutput(tiny), TEST_PRICES, assumptions);
  expect(result.environments.map((e) => e.environment)).toEqual(['tiny']);
  const stack = result.environments[0]?.stacks[0];
  if (!stack) throw new Error('no stack');
  return stack;
}

function line(stack: StackEstimate, name: string): number {
  const found = stack.lines.filter((l) => `${l.category}: ${l.item}` === name);
  expect(found).toHaveLength(1);
  return found[0]?.monthlyUsd ?? Number.NaN;
}

describe('the estimate of a hand-checked stack (fixtures/tiny, test prices, default assumptions)', () => {
  const stack = tinyStack();

  it('prices the NAT gateway by the hour and by the GB, and its Elastic IP as a public IPv4 address', () => {
    expect(line(stack, 'NAT gateway: hours')).toBeCloseTo(36.5, 6); // 1 × 730 h × 0.05
    expect(line(stack, 'NAT gateway: data processed')).toBeCloseTo(1.0, 6); // 20 GB × 0.05
    expect(line(stack, 'Public IPv4: Elastic IPs')).toBeCloseTo(3.65, 6); // 730 h × 0.005
  });

  it('prices the ALB: hours, LCU from the larger dimension, one public address per subnet, data out', () => {
    expect(line(stack, 'Load balancer: hours')).toBeCloseTo(14.6, 6); // 730 h × 0.02
    // 1,000,000 requests / (730 × 3,600 s) / 25 = 0.0152207 LCU > 10 GB / 730 h = 0.0137 LCU;
    // 0.0152207 × 730 h = 11.1111 LCU-hours × 0.01 = 0.111111
    expect(line(stack, 'Load balancer: LCU')).toBeCloseTo(0.111111, 5);
    expect(line(stack, 'Public IPv4: load balancer addresses')).toBeCloseTo(7.3, 6); // 2 × 730 × 0.005
    expect(line(stack, 'Data transfer: API responses to the internet')).toBeCloseTo(1.0, 6); // 10 × 0.1
  });

  it('prices the Fargate service at the scaling minimum, the base on-demand and 3 of 4 others on Spot', () => {
    // min 2 tasks: 1 base on FARGATE, the other split 1:3 → 0.75 Spot tasks of 2 = 37.5% Spot;
    // price factor 1 − 0.375 × 0.7 = 0.7375.
    // vCPU: 2 × 0.5 vCPU × 730 h = 730 vCPU-h × 0.04 × 0.7375 = 21.535
    expect(line(stack, 'Fargate: api vCPU')).toBeCloseTo(21.535, 6);
    // memory: 2 × 1 GB × 730 h = 1,460 GB-h × 0.004 × 0.7375 = 4.307
    expect(line(stack, 'Fargate: api memory')).toBeCloseTo(4.307, 6);
  });

  it('prices RDS Multi-AZ as two instances and twice the storage', () => {
    expect(line(stack, 'RDS PostgreSQL: instance')).toBeCloseTo(29.2, 6); // 2 × 730 h × 0.02
    expect(line(stack, 'RDS PostgreSQL: storage')).toBeCloseTo(4.0, 6); // 20 GB × 2 × 0.1
  });

  it('adds the lines up to the hand-checked total', () => {
    // 36.5 + 1 + 3.65 + 14.6 + 0.111111 + 7.3 + 1 + 21.535 + 4.307 + 29.2 + 4 = 123.203111
    expect(stack.monthlyUsd).toBeCloseTo(123.203111, 5);
  });

  it('lists what it cannot price, with the reason, and counts nothing for it', () => {
    expect(stack.unpriced.map((u) => [u.address, u.reason])).toEqual([
      ['aws_lambda_function.thumbnails', expect.stringContaining('Lambda') as unknown],
      ['aws_made_up_thing.mystery', expect.stringContaining('no pricing rule') as unknown],
    ]);
    expect(stack.free).toEqual({ aws_vpc: 1, aws_appautoscaling_target: 1 });
  });

  it('follows the assumptions: every task on Spot at half price, at the scaling maximum', () => {
    const changed = tinyStack({
      ...DEFAULT_ASSUMPTIONS,
      taskCount: 'max',
      spotShare: 1,
      spotDiscount: 0.5,
    });
    // 4 tasks, 1 base on-demand, 3 on Spot: factor 1 − 0.75 × 0.5 = 0.625;
    // 4 × 0.5 × 730 = 1,460 vCPU-h × 0.04 × 0.625 = 36.5
    expect(line(changed, 'Fargate: api vCPU')).toBeCloseTo(36.5, 6);
  });

  it('marks a resource unpriced, never zero, when the price table lacks its price', () => {
    const full = tinyStack();
    const table = TEST_PRICES.json;
    const rest = Object.fromEntries(
      Object.entries(table.regions['test-region-1'] ?? {}).filter(
        ([key]) => key !== 'rds.postgres.db.t4g.micro',
      ),
    );
    const withoutClass = estimate(
      readSynthOutput(tiny),
      new PriceTable({ ...table, regions: { 'test-region-1': rest } }),
      DEFAULT_ASSUMPTIONS,
    ).environments[0]?.stacks[0];
    expect(withoutClass?.lines.some((l) => l.item === 'instance')).toBe(false);
    expect(
      withoutClass?.unpriced.find((u) => u.address === 'aws_db_instance.postgres')?.reason,
    ).toContain('prices.json has no "rds.postgres.db.t4g.micro" for test-region-1');
    expect(full.monthlyUsd - (withoutClass?.monthlyUsd ?? 0)).toBeCloseTo(29.2, 6);
  });
});

describe('spotTasks', () => {
  it('puts the base on its provider and splits the rest by weight', () => {
    const strategy = [
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 3 },
    ];
    expect(spotTasks(1, strategy, 'strategy')).toBe(0);
    expect(spotTasks(5, strategy, 'strategy')).toBe(3);
    expect(spotTasks(2, [{ capacity_provider: 'FARGATE_SPOT', weight: 1 }], 'strategy')).toBe(2);
    expect(spotTasks(3, [], 'strategy')).toBe(0);
  });

  it('uses the spotShare assumption for the tasks beyond the base when one is set', () => {
    expect(spotTasks(5, [{ capacity_provider: 'FARGATE', base: 1, weight: 1 }], 0.5)).toBe(2);
  });
});
