import {
  evaluate,
  type PolicyRequest,
  type SynthesizedStatement,
} from '@skyport/modules/github-oidc';
import { TASK_FAMILIES } from './cicd-deploy-role';
import { ENVIRONMENT_SERVICES } from './cicd-guardrails';
import {
  ACCOUNT,
  BUCKET,
  PROVIDER_ARN,
  assume,
  inlineOf,
  role,
  state,
  statementsOf,
  synthesized,
} from './cicd-test-support';

describe.each(['dev', 'prod'])('the %s deploy role trust', (env) => {
  const deploy = `${env}-deploy`;
  it(`admits the repository's main branch and its ${env} environment`, () => {
    expect(assume(deploy, 'repo:acme/shop:ref:refs/heads/main')).toBe('allow');
    expect(assume(deploy, `repo:acme/shop:environment:${env}`)).toBe('allow');
  });

  it('refuses pull requests, other branches and the other environment', () => {
    expect(assume(deploy, 'repo:acme/shop:pull_request')).toBe('implicit-deny');
    expect(assume(deploy, 'repo:acme/shop:ref:refs/heads/feature')).toBe('implicit-deny');
    expect(assume(deploy, 'repo:acme/shop:ref:refs/tags/v1')).toBe('implicit-deny');
    const other = env === 'dev' ? 'prod' : 'dev';
    expect(assume(deploy, `repo:acme/shop:environment:${other}`)).toBe('implicit-deny');
  });

  it('refuses another repository, a fork, and subs only a wildcard would match', () => {
    for (const sub of [
      'repo:evil/shop:ref:refs/heads/main',
      'repo:acme/shop-fork:ref:refs/heads/main',
      'repo:acme/shop:ref:refs/heads/main/x',
      'repo:acme/*:ref:refs/heads/main',
      '*',
      'repo:acme/shop',
    ]) {
      expect([sub, assume(deploy, sub)]).toEqual([sub, 'implicit-deny']);
    }
    expect(assume(deploy, 'repo:acme/shop:ref:refs/heads/main', {}, 'sigstore')).toBe(
      'implicit-deny',
    );
  });

  it('accepts the immutable sub format only with the configured ids', () => {
    const ids = { immutable: 'acme@1/shop@2' };
    expect(assume(deploy, 'repo:acme@1/shop@2:ref:refs/heads/main')).toBe('implicit-deny');
    expect(assume(deploy, 'repo:acme@1/shop@2:ref:refs/heads/main', ids)).toBe('allow');
    expect(assume(deploy, `repo:acme@1/shop@2:environment:${env}`, ids)).toBe('allow');
    expect(assume(deploy, 'repo:acme@1/shop@2:pull_request', ids)).toBe('implicit-deny');
    expect(assume(deploy, 'repo:acme@9/shop@2:ref:refs/heads/main', ids)).toBe('implicit-deny');
  });

  it('compares the sub claim with exact values only', () => {
    for (const statement of statementsOf(deploy, 'trust')) {
      for (const condition of statement.condition ?? []) {
        expect(condition.test).toBe('StringEquals');
        for (const value of condition.values) expect(value).not.toMatch(/[*?]/);
      }
    }
  });
});
describe.each(['dev', 'prod'])('the %s deploy role permissions', (env) => {
  const deploy = `${env}-deploy`;
  const other = env === 'dev' ? 'prod' : 'dev';
  const statements = inlineOf(deploy);
  const can = (request: PolicyRequest) => evaluate(statements, request);
  const passRole = (name: string, service: string) =>
    can({
      action: 'iam:PassRole',
      resource: role(name),
      context: { 'iam:PassedToService': service },
    });

  it("passes the environment's task and execution roles to ECS tasks only", () => {
    for (const family of TASK_FAMILIES) {
      for (const kind of ['task', 'exec']) {
        const name = `skyport-${env}-${family}-${kind}-20260101`;
        expect(passRole(name, 'ecs-tasks.amazonaws.com')).toBe('allow');
        expect(passRole(name, 'lambda.amazonaws.com')).toBe('implicit-deny');
        expect(passRole(name, 'ec2.amazonaws.com')).toBe('implicit-deny');
      }
    }
    expect(passRole(`skyport-${other}-api-task-1`, 'ecs-tasks.amazonaws.com')).toBe(
      'implicit-deny',
    );
    expect(passRole(`skyport-${env}-deploy`, 'ecs-tasks.amazonaws.com')).toBe('implicit-deny');
    expect(passRole(`skyport-${env}-postgres-monitor-1`, 'ecs-tasks.amazonaws.com')).toBe(
      'implicit-deny',
    );
    expect(passRole('vpc-flow-log-1', 'ecs-tasks.amazonaws.com')).toBe('implicit-deny');
  });

  it('never passes a role without naming the one service it goes to', () => {
    const passing = statements.filter(
      (s) => s.effect === 'Allow' && s.actions?.includes('iam:PassRole'),
    );
    expect(passing.map((s) => s.sid).sort()).toEqual([
      'PassTheFlowLogRoleToFlowLogsOnly',
      'PassTheMonitoringRoleToRdsOnly',
      'PassTheTaskRolesToEcsTasksOnly',
    ]);
    for (const statement of passing) {
      expect(statement.actions).toEqual(['iam:PassRole']);
      expect(statement.condition).toEqual([
        { test: 'StringEquals', variable: 'iam:PassedToService', values: [expect.any(String)] },
      ]);
      for (const resource of statement.resources ?? []) expect(resource).not.toMatch(/role\/\*?$/);
    }
    const ecs = passing.find((s) => s.sid === 'PassTheTaskRolesToEcsTasksOnly');
    expect(ecs?.resources).toEqual(
      TASK_FAMILIES.flatMap((f) => [
        role(`skyport-${env}-${f}-task-*`),
        role(`skyport-${env}-${f}-exec-*`),
      ]),
    );
  });

  it('delivers to its own repository, services, migration and site only', () => {
    const repo = (name: string) => `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${name}`;
    expect(can({ action: 'ecr:PutImage', resource: repo(`skyport-${env}/api`) })).toBe('allow');
    expect(can({ action: 'ecr:PutImage', resource: repo(`skyport-${other}/api`) })).toBe(
      'implicit-deny',
    );
    const ecs = `arn:aws:ecs:eu-west-1:${ACCOUNT}`;
    expect(
      can({
        action: 'ecs:UpdateService',
        resource: `${ecs}:service/skyport-${env}/skyport-${env}-api`,
      }),
    ).toBe('allow');
    expect(
      can({
        action: 'ecs:UpdateService',
        resource: `${ecs}:service/skyport-${other}/skyport-${other}-api`,
      }),
    ).toBe('implicit-deny');
    const runMigration = (cluster: string) =>
      can({
        action: 'ecs:RunTask',
        resource: `${ecs}:task-definition/skyport-${env}-migrate:7`,
        context: { 'ecs:cluster': `${ecs}:cluster/${cluster}` },
      });
    expect(runMigration(`skyport-${env}`)).toBe('allow');
    expect(runMigration(`skyport-${other}`)).toBe('implicit-deny');
    expect(
      can({ action: 'ecs:RunTask', resource: `${ecs}:task-definition/skyport-${env}-api:7` }),
    ).toBe('implicit-deny');
    const site = `arn:aws:s3:::skyport-${env}-site-20260101`;
    expect(can({ action: 's3:PutObject', resource: `${site}/index.html` })).toBe('allow');
    expect(can({ action: 's3:ListBucket', resource: site })).toBe('allow');
    expect(
      can({ action: 's3:PutObject', resource: `arn:aws:s3:::skyport-${env}-site-logs-1/x` }),
    ).toBe('explicit-deny');
    expect(
      can({ action: 's3:PutObject', resource: `arn:aws:s3:::skyport-${other}-site-1/x` }),
    ).toBe('implicit-deny');
  });

  it("denies touching the other environment's resources and creating resources tagged for it", () => {
    const tagged = (environment: string) => ({ 'aws:ResourceTag/environment': environment });
    for (const action of ['rds:DeleteDBInstance', 'ec2:DeleteVpc', 'kms:ScheduleKeyDeletion']) {
      expect(can({ action, resource: 'arn:x', context: tagged(other) })).toBe('explicit-deny');
      expect(can({ action, resource: 'arn:x', context: tagged(env) })).not.toBe('explicit-deny');
    }
    expect(
      can({
        action: 'iam:PutRolePolicy',
        resource: role('vpc-flow-log-1'),
        context: tagged(other),
      }),
    ).toBe('explicit-deny');
    expect(
      can({
        action: 'ec2:CreateVpc',
        resource: 'arn:x',
        context: { 'aws:RequestTag/environment': other },
      }),
    ).toBe('explicit-deny');
  });

  it('manages its own roles but never the CI roles, their provider, or another role by assuming it', () => {
    expect(can({ action: 'iam:PutRolePolicy', resource: role(`skyport-${env}-api-task-1`) })).toBe(
      'allow',
    );
    expect(
      can({ action: 'iam:PutRolePolicy', resource: role(`skyport-${other}-api-task-1`) }),
    ).toBe('implicit-deny');
    for (const ci of [`skyport-${env}-deploy`, `skyport-${env}-plan`, `skyport-${other}-deploy`]) {
      for (const action of [
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:UpdateAssumeRolePolicy',
      ]) {
        expect([ci, action, can({ action, resource: role(ci) })]).toEqual([
          ci,
          action,
          'explicit-deny',
        ]);
      }
    }
    expect(can({ action: 'iam:DeleteOpenIDConnectProvider', resource: PROVIDER_ARN })).toBe(
      'explicit-deny',
    );
    expect(can({ action: 'sts:AssumeRole', resource: role(`skyport-${env}-api-task-1`) })).toBe(
      'explicit-deny',
    );
    const attach = (policy: string) =>
      can({
        action: 'iam:AttachRolePolicy',
        resource: role(`skyport-${env}-postgres-monitor-1`),
        context: { 'iam:PolicyARN': `arn:aws:iam::aws:policy/${policy}` },
      });
    expect(attach('service-role/AmazonRDSEnhancedMonitoringRole')).toBe('allow');
    expect(attach('AdministratorAccess')).toBe('implicit-deny');
  });

  it("writes its own state, and neither another environment's state nor the bucket's settings", () => {
    expect(can({ action: 's3:PutObject', resource: state(`${env}-app/terraform.tfstate`) })).toBe(
      'allow',
    );
    expect(can({ action: 's3:PutObject', resource: state(`${other}-app/terraform.tfstate`) })).toBe(
      'explicit-deny',
    );
    expect(can({ action: 's3:DeleteObject', resource: state('cicd/terraform.tfstate') })).toBe(
      'explicit-deny',
    );
    expect(can({ action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${BUCKET}` })).toBe(
      'explicit-deny',
    );
    const stateKey = (action: string, object: string) =>
      can({
        action,
        resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abc`,
        context: {
          'kms:ResourceAliases': [`alias/${BUCKET}`],
          'kms:ViaService': 's3.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:aws:s3:arn': state(object),
        },
      });
    expect(stateKey('kms:GenerateDataKey', `${env}-app/terraform.tfstate`)).toBe('allow');
    expect(stateKey('kms:Decrypt', `${other}-app/terraform.tfstate`)).toBe('explicit-deny');
    expect(stateKey('kms:ScheduleKeyDeletion', `${env}-app/terraform.tfstate`)).toBe(
      'explicit-deny',
    );
  });

  it('stays within IAM limits: inline policies of a role total under 10,240 characters', () => {
    const asIam = (s: SynthesizedStatement) => ({
      Sid: s.sid,
      Effect: s.effect,
      Action: s.actions,
      NotResource: s.not_resources,
      Resource: s.resources,
      Condition: s.condition,
    });
    const size = JSON.stringify({ Version: '2012-10-17', Statement: statements.map(asIam) }).length;
    expect(size).toBeLessThan(10_240);
  });
});

describe('the guardrails', () => {
  it('cover every service whose resources the environment stacks create', () => {
    const prefixes = Object.values(ENVIRONMENT_SERVICES).flat();
    const unclaimed = [...synthesized.stacks.entries()]
      .filter(([id]) => /^(dev|prod)-/.test(id))
      .flatMap(([, json]) => [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})])
      .filter((type) => type.startsWith('aws_'))
      .filter(
        (type) =>
          !/^aws_(caller_identity|partition|region|iam_policy_document|cloudfront_log_delivery_canonical_user_id)$/.test(
            type,
          ),
      )
      .filter((type) => !prefixes.some((prefix) => type.startsWith(prefix)));
    expect([...new Set(unclaimed)]).toEqual([]);
  });
});
