/**
 * The estimate of the profiles as committed: a fresh synth of every environment (and of dev in
 * dev in its other data mode), priced with the committed table at the default assumptions.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { synthDefault } from '../testing/default-synth';
import { renderDocument } from '../docs/render-docs';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { COST_DOCUMENTS, costSections, synthOtherDevMode } from './cost-doc';
import { estimate, type Estimate } from './estimate';
import { PriceTable } from './price-table';
import { FREE_TYPES, PRICED_TYPES } from './resource-types';
import { readSynthOutput, type SynthStack } from './synth-output';

const root = path.join(__dirname, '..', '..');
const prices = PriceTable.load();

let outdir: string;
let managed: ReturnType<typeof synthOtherDevMode>;
let stacks: SynthStack[];
let result: Estimate;

beforeAll(() => {
  outdir = synthDefault('cost-synth');
  managed = synthOtherDevMode(outdir);
  stacks = readSynthOutput(outdir);
  result = estimate(stacks, prices, DEFAULT_ASSUMPTIONS);
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  managed.remove();
});

const total = (estimateResult: Estimate, environment: string) =>
  estimateResult.environments.find((e) => e.environment === environment)?.monthlyUsd ?? Number.NaN;

describe('the cost of the profiles as committed', () => {
  // The figures of docs/cost.md when this test was written, give or take rounding and small
  // changes; a change to a profile or a price that moves them further updates this test too.
  it('puts dev, embedded data behind the HTTP API as committed, at or below the 30 USD goal (decisions 0025, 0026)', () => {
    expect(managed.mode).toBe('managed');
    expect(total(result, 'dev')).toBeGreaterThan(27);
    expect(total(result, 'dev')).toBeLessThanOrEqual(30);
  });

  it('puts dev in managed data mode, one setting away, at about 81 USD a month', () => {
    const dev = estimate(readSynthOutput(managed.outdir), prices, DEFAULT_ASSUMPTIONS);
    expect(total(dev, 'dev')).toBeGreaterThan(76);
    expect(total(dev, 'dev')).toBeLessThan(87);
  });

  it("prices dev's HTTP API ingress (requests, Cloud Map) and its access logs; prod keeps the ALB", () => {
    const lines = (environment: string) =>
      result.environments
        .find((e) => e.environment === environment)
        ?.stacks.flatMap((s) => s.lines) ?? [];
    const names = (environment: string) =>
      lines(environment).map((l) => `${l.category}: ${l.item}`);
    expect(names('dev')).toEqual(
      expect.arrayContaining([
        'API Gateway: HTTP API requests',
        'Cloud Map: registered instances',
        'Cloud Map: discovery calls',
      ]),
    );
    expect(names('dev')).not.toContain('Load balancer: hours');
    expect(names('prod')).toContain('Load balancer: hours');
    expect(names('prod')).not.toContain('API Gateway: HTTP API requests');
    const accessLogs = stacks
      .filter((s) => s.environment === 'dev')
      .flatMap((s) =>
        Object.entries(s.json.resource?.aws_cloudwatch_log_group ?? {})
          .filter(([, body]) => String(body.name).startsWith('/aws/apigateway/'))
          .map(([name]) => `aws_cloudwatch_log_group.${name}`),
      );
    expect(accessLogs).toHaveLength(1);
    const ingested = lines('dev').filter((l) => l.item === 'logs ingested');
    expect(ingested.flatMap((l) => l.addresses)).toEqual(expect.arrayContaining(accessLogs));
  });

  it('prices the site access logs delivered by CloudFront standard logging v2 and the state bucket access logs (decision 0027)', () => {
    const lines = result.environments.flatMap((e) => e.stacks.flatMap((s) => s.lines));
    const delivered = lines.filter((l) => l.item === 'access logs delivered to S3');
    expect(delivered.map((l) => l.addresses[0])).toEqual([
      expect.stringMatching(/^aws_cloudwatch_log_delivery\.site_access-log-delivery_/),
      expect.stringMatching(/^aws_cloudwatch_log_delivery\.site_access-log-delivery_/),
    ]);
    for (const line of delivered) expect(line.monthlyUsd).toBeGreaterThan(0);
    const stateLogs = lines.filter((l) =>
      l.addresses.some((a) => a.startsWith('aws_s3_bucket.state_access-logs_bucket_')),
    );
    expect(stateLogs.map((l) => `${l.category}: ${l.item}`)).toEqual([
      'S3: state_access-logs storage',
    ]);
  });

  it('puts prod at or below the 500 USD goal at minimum scale, with Multi-AZ PostgreSQL (decision 0025)', () => {
    expect(total(result, 'prod')).toBeGreaterThan(470);
    expect(total(result, 'prod')).toBeLessThanOrEqual(500);
    const prod = stacks.filter((s) => s.environment === 'prod');
    const databases = prod.flatMap((s) => Object.values(s.json.resource?.aws_db_instance ?? {}));
    expect(databases).toEqual([expect.objectContaining({ multi_az: true })]);
  });

  it('prices or lists as free every resource type the synth holds', () => {
    const types = new Set(stacks.flatMap((s) => Object.keys(s.json.resource ?? {})));
    const unknown = [...types].filter((type) => !PRICED_TYPES.has(type) && !(type in FREE_TYPES));
    expect(unknown).toEqual([]);
    expect(result.environments.flatMap((e) => e.stacks.flatMap((s) => s.unpriced))).toEqual([]);
  });

  it.each(COST_DOCUMENTS)(
    '%s matches a fresh synth (run `make docs` when it does not)',
    (document) => {
      const text = readFileSync(path.join(root, document), 'utf8');
      expect(text).toContain('<!-- generated:cost-summary -->');
      expect(renderDocument(text, costSections(outdir, managed.outdir, prices))).toBe(text);
    },
  );
});
