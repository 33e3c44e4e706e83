import { justificationsIn } from '@skyport/modules/testing';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { synthesizeApp, withManagedDev } from './test-support';

/**
 * The checkov justifications the constructs record (justifyCheck, see docs/audit.md), read over
 * the whole app as tools/audit reads cdktf.out: cost is a development-only reason, production
 * turns those controls on instead. Dev is read with managed data (one setting away from the
 * embedded data it ships with), so its data stack can be compared with prod's.
 */

const synthesized = synthesizeApp({ profiles: withManagedDev() });
const stages = new Map(
  [...synthesized.stacks.entries()].map(([stack, json]) => [
    stack,
    (json['//']?.skyport as { stage?: string } | undefined)?.stage ?? 'none',
  ]),
);
const justified = [...synthesized.stacks.entries()].flatMap(([stack, json]) =>
  justificationsIn(json).map((j) => ({ stack, ...j })),
);
const compact = (stack: string) =>
  justified
    .filter((j) => j.stack === stack)
    .map(
      ({ address, check, because }) =>
        `${address.split('.').slice(0, -1).join('.')} ${check} ${because}`,
    )
    .sort();

describe('audit justifications', () => {
  it('marks every stack with its stage, and the bootstrap stack as production', () => {
    expect(stages.get('bootstrap')).toBe('production');
    for (const [stack, stage] of stages) {
      expect([stack, stage]).toEqual([
        stack,
        stack.startsWith('dev-') ? 'development' : 'production',
      ]);
    }
  });

  it('gives every justification a check id, a known category and a reason', () => {
    expect(justified.length).toBeGreaterThan(40);
    for (const j of justified) {
      expect(j.check).toMatch(/^CKV2?_[A-Z0-9]+_\d+$/);
      expect(['cost', 'design', 'unsupported', 'tool']).toContain(j.because);
      expect(j.reason.trim().length).toBeGreaterThan(20);
    }
  });

  it('justifies nothing by cost in a production stack', () => {
    const costInProduction = justified.filter(
      (j) => j.because === 'cost' && stages.get(j.stack) !== 'development',
    );
    expect(costInProduction).toEqual([]);
  });

  it('turns on in prod what dev saves on: Multi-AZ, deletion protection, failover, WAF, NAT, a year of logs', () => {
    expect(compact('dev-data').filter((j) => j.endsWith(' cost'))).toEqual([
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_db_instance CKV_AWS_157 cost',
      'aws_db_instance CKV_AWS_293 cost',
      'aws_elasticache_replication_group CKV2_AWS_50 cost',
    ]);
    expect(compact('dev-edge').filter((j) => j.endsWith(' cost'))).toEqual([
      'aws_cloudfront_distribution CKV2_AWS_47 cost',
      'aws_cloudfront_distribution CKV_AWS_68 cost',
    ]);
    expect(compact('dev-app').filter((j) => j.endsWith(' cost'))).toEqual([
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_ecs_service CKV_AWS_333 cost',
      'aws_ecs_service CKV_AWS_333 cost',
      'aws_lb CKV2_AWS_28 cost',
      'aws_lb CKV_AWS_150 cost',
    ]);
    for (const stack of ['prod-network', 'prod-data', 'prod-app', 'prod-edge']) {
      expect([stack, compact(stack).filter((j) => j.endsWith(' cost'))]).toEqual([stack, []]);
    }
  });

  it('keeps the non-cost justifications the same in dev and prod, where the resources match', () => {
    const nonCost = (stack: string) => compact(stack).filter((j) => !j.endsWith(' cost'));
    expect(nonCost('prod-data')).toEqual(nonCost('dev-data'));
    expect(nonCost('prod-network')).toEqual(nonCost('dev-network'));
    // Only prod has the load balancer's WAF, whose log key policy is a key policy like any other.
    const wafKeyPolicy = [
      'data.aws_iam_policy_document CKV_AWS_109 tool',
      'data.aws_iam_policy_document CKV_AWS_111 tool',
      'data.aws_iam_policy_document CKV_AWS_356 tool',
    ];
    // Container Insights is a profile setting; where it is off, the cluster carries CKV_AWS_65.
    const insightsOff = (env: string) =>
      (ENVIRONMENTS[env] as EnvironmentProfile).app.containerInsights
        ? []
        : ['aws_ecs_cluster CKV_AWS_65 design'];
    const withoutInsights = (stack: string) =>
      nonCost(stack).filter((j) => j !== 'aws_ecs_cluster CKV_AWS_65 design');
    expect(nonCost('prod-app')).toEqual(
      [...withoutInsights('dev-app'), ...insightsOff('prod'), ...wafKeyPolicy].sort(),
    );
    expect(nonCost('dev-app')).toEqual(
      [...withoutInsights('dev-app'), ...insightsOff('dev')].sort(),
    );
  });

  it('writes the justification into the very block checkov reports', () => {
    const postgres = synthesized.stacks.get('dev-data')?.resource?.aws_db_instance ?? {};
    const [instance] = Object.values(postgres);
    expect((instance?.['//'] as { checkov?: { skip?: unknown[] } }).checkov?.skip).toEqual(
      expect.arrayContaining([
        { id: 'CKV_AWS_157', because: 'cost', comment: expect.stringMatching(/Single-AZ/) },
      ]),
    );
  });
});
