import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { diffEstimates, formatDiff } from './diff';
import { estimate } from './estimate';
import { readSynthOutput } from './synth-output';
import { TEST_PRICES } from './test-prices';

const tiny = path.join(__dirname, 'fixtures', 'tiny');

describe('diffEstimates', () => {
  let after: string;
  beforeAll(() => {
    // The change under review: a second NAT gateway, and the database back to Single-AZ.
    after = mkdtempSync(path.join(tmpdir(), 'cost-diff-'));
    cpSync(tiny, after, { recursive: true });
    const file = path.join(after, 'stacks', 'tiny-app', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      resource: {
        aws_nat_gateway: Record<string, object>;
        aws_db_instance: { postgres: { multi_az: boolean } };
      };
    };
    json.resource.aws_nat_gateway['nat-2'] = { subnet_id: 'subnet-2' };
    json.resource.aws_db_instance.postgres.multi_az = false;
    writeFileSync(file, JSON.stringify(json));
  });
  afterAll(() => rmSync(after, { recursive: true, force: true }));

  const run = () =>
    diffEstimates(
      estimate(readSynthOutput(tiny), TEST_PRICES, DEFAULT_ASSUMPTIONS),
      estimate(readSynthOutput(after), TEST_PRICES, DEFAULT_ASSUMPTIONS),
    );

  it('shows what the change adds and saves, per stack and line, largest first', () => {
    const diff = run();
    expect(diff.lines.map((l) => [l.line, Number(l.deltaUsd.toFixed(4))])).toEqual([
      ['NAT gateway: hours', 36.5], // one more gateway: 730 h × 0.05
      ['RDS PostgreSQL: instance', -14.6], // the standby goes: 730 h × 0.02
      ['RDS PostgreSQL: storage', -2], // stored once: 20 GB × 0.1
    ]);
    // 36.5 − 14.6 − 2 = 19.9
    expect(diff.stacks).toEqual([
      expect.objectContaining({ stack: 'tiny-app', deltaUsd: expect.closeTo(19.9, 6) as unknown }),
    ]);
    expect(diff.environments).toEqual([
      expect.objectContaining({
        environment: 'tiny',
        deltaUsd: expect.closeTo(19.9, 6) as unknown,
      }),
    ]);
    expect(formatDiff(diff)).toEqual([
      'environment / stack / line    before   after  change',
      'tiny                          123.20  143.10  +19.90',
      '  tiny-app                    123.20  143.10  +19.90',
      '    NAT gateway: hours         36.50   73.00  +36.50',
      '    RDS PostgreSQL: instance   29.20   14.60  −14.60',
      '    RDS PostgreSQL: storage     4.00    2.00   −2.00',
    ]);
  });

  it('says so when nothing changes', () => {
    const same = estimate(readSynthOutput(tiny), TEST_PRICES, DEFAULT_ASSUMPTIONS);
    expect(formatDiff(diffEstimates(same, same))).toEqual([
      'cost: no change to the monthly estimate',
    ]);
  });
});
