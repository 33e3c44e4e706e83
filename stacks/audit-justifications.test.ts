import { justificationsIn } from '@skyport/modules/testing';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import type { ApiIngress } from './config/profile';
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

  it('turns on in prod what dev saves on: Multi-AZ, deletion protection, failover, WAF, NAT, a year of logs, a load balancer', () => {
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
    // Dev's HTTP API has no load balancer to leave unprotected, only its access logs kept short.
    expect(compact('dev-app').filter((j) => j.endsWith(' cost'))).toEqual([
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_cloudwatch_log_group CKV_AWS_338 cost',
      'aws_ecs_service CKV_AWS_333 cost',
      'aws_ecs_service CKV_AWS_333 cost',
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
    // The API's entry is a profile setting: a load balancer (its access-log bucket, port 80 open
    // for the redirect to HTTPS) or an HTTP API (a route without an authorizer).
    const loadBalancer = [
      'aws_s3_bucket CKV_AWS_144 design',
      'aws_s3_bucket CKV_AWS_145 unsupported',
      'aws_s3_bucket CKV_AWS_18 design',
      'aws_s3_bucket CKV_AWS_21 design',
    ];
    const entry: Record<ApiIngress, string[]> = {
      internet: [...loadBalancer, 'aws_vpc_security_group_ingress_rule CKV_AWS_260 design'],
      cloudfront: loadBalancer,
      'http-api': ['aws_apigatewayv2_route CKV_AWS_309 design'],
    };
    // Container Insights is a profile setting; where it is off, the cluster carries CKV_AWS_65.
    const own = (env: string) => {
      const { app } = ENVIRONMENTS[env] as EnvironmentProfile;
      return [
        ...entry[app.apiIngress],
        ...(app.containerInsights ? [] : ['aws_ecs_cluster CKV_AWS_65 design']),
        ...(app.waf ? wafKeyPolicy : []),
      ];
    };
    const shared = (env: string) => nonCost(`${env}-app`).filter((j) => !own(env).includes(j));
    expect(shared('prod')).toEqual(shared('dev'));
    for (const env of ['dev', 'prod']) {
      expect([env, nonCost(`${env}-app`)]).toEqual([env, [...shared(env), ...own(env)].sort()]);
    }
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
