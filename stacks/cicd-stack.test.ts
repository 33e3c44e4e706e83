import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  evaluate,
  renderStatements,
  type Decision,
  type PolicyRequest,
  type SynthesizedStatement,
} from '@skyport/modules/github-oidc';
import { resourcesOf, type TerraformBlock, type TerraformJson } from '@skyport/modules/testing';
import { ENVIRONMENT_SERVICES, TASK_FAMILIES } from './cicd-stack';
import { synthesizeApp } from './test-support';
import { VARIABLES } from './variables';

/**
 * The cicd stack as Terraform would create it, for one account: the policy documents rendered
 * with an account id, a repository and a provider ARN, then evaluated the way IAM would for
 * GitHub tokens and for the requests a deploy makes.
 */

const ACCOUNT = '111122223333';
const BUCKET = 'acme-tfstate';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const synthesized = synthesizeApp({
  env: { SKYPORT_STATE_BUCKET: BUCKET, SKYPORT_STATE_REGION: 'eu-west-1' },
});
const cicd = synthesized.stacks.get('cicd') as TerraformJson;
const documents = cicd.data?.aws_iam_policy_document ?? {};

/** The statements of one policy document of the stack (`dev-deploy`, `guardrails`), rendered. */
function statementsOf(
  role: string,
  document: string,
  repository: { name?: string; immutable?: string } = {},
): SynthesizedStatement[] {
  const entry = Object.entries(documents).find(([name]) => name.startsWith(`${role}_${document}_`));
  if (!entry) throw new Error(`no policy document ${document} of ${role}`);
  return renderStatements(entry[1].statement as SynthesizedStatement[], [
    [/\$\{var\.github_repository\}/g, repository.name ?? 'acme/shop'],
    [/\$\{var\.github_immutable_repository\}/g, repository.immutable ?? ''],
    [/\$\{data\.aws_partition\.[^}]+\.partition\}/g, 'aws'],
    [/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}/g, ACCOUNT],
    [/\$\{aws_iam_openid_connect_provider\.[^}]+\.arn\}/g, PROVIDER_ARN],
  ]);
}

/** Every inline policy of a role, as IAM evaluates them together. */
function inlineOf(role: string): SynthesizedStatement[] {
  const names = Object.values(resourcesOf(cicd, 'aws_iam_role_policy'))
    .filter((policy) => String(policy.role).includes(`.${role}_role_`))
    .map((policy) => policy.name as string);
  return names.flatMap((name) => statementsOf(role, name));
}

function assume(
  role: string,
  sub: string,
  repository?: { immutable?: string },
  aud = 'sts.amazonaws.com',
): Decision {
  return evaluate(statementsOf(role, 'trust', repository), {
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: { type: 'Federated', identifier: PROVIDER_ARN },
    context: {
      'token.actions.githubusercontent.com:sub': sub,
      'token.actions.githubusercontent.com:aud': aud,
    },
  });
}

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const state = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;

describe('the cicd stack', () => {
  it('keeps its state in the state bucket, locked, and is audited as production', () => {
    expect((cicd.terraform as { backend: unknown }).backend).toEqual({
      s3: {
        bucket: BUCKET,
        key: 'cicd/terraform.tfstate',
        region: 'eu-west-1',
        use_lockfile: true,
      },
    });
    expect(cicd['//']?.skyport).toEqual({ environment: 'shared', stage: 'production' });
  });

  it("creates GitHub's OIDC provider once, for the STS audience", () => {
    const providers = Object.values(resourcesOf(cicd, 'aws_iam_openid_connect_provider'));
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    expect(providers[0]?.thumbprint_list).toBeUndefined();
  });

  it('lets a deploy session last 3 hours (deploy.yml asks for them) and a plan session 1 hour', () => {
    const sessions = Object.fromEntries(
      Object.values(resourcesOf(cicd, 'aws_iam_role')).map((r) => [r.name, r.max_session_duration]),
    );
    expect(sessions).toMatchObject({ 'skyport-dev-deploy': 10800, 'skyport-dev-plan': 3600 });
    const workflow = readFileSync(
      path.join(__dirname, '..', '.github', 'workflows', 'deploy.yml'),
      'utf8',
    );
    expect(workflow.match(/role-duration-seconds: 10800/g)).toHaveLength(2);
  });

  it('names the roles the workflows assume, and outputs their ARNs and the provider ARN', () => {
    const names = Object.values(resourcesOf(cicd, 'aws_iam_role')).map((r) => r.name);
    expect(names.sort()).toEqual([
      'skyport-dev-deploy',
      'skyport-dev-plan',
      'skyport-prod-deploy',
      'skyport-prod-plan',
    ]);
    expect(Object.keys(cicd.output ?? {}).sort()).toEqual([
      'dev_deploy_role_arn',
      'dev_plan_role_arn',
      'github_oidc_provider_arn',
      'prod_deploy_role_arn',
      'prod_plan_role_arn',
    ]);
  });

  it('reads the repository from validated variables, the immutable form off by default', () => {
    const variables = cicd.variable ?? {};
    expect(variables.github_repository).toMatchObject({ nullable: false });
    expect(variables.github_repository?.default).toBeUndefined();
    expect(variables.github_immutable_repository).toMatchObject({ default: '' });
    const validations = variables.github_immutable_repository?.validation as TerraformBlock[];
    expect(validations).toHaveLength(2);
    expect(validations[1]?.condition).toContain('== var.github_repository');
  });
});

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

describe.each(['dev', 'prod'])('the %s plan role', (env) => {
  const plan = `${env}-plan`;
  it('admits pull requests and main (drift checks), nothing else', () => {
    expect(assume(plan, 'repo:acme/shop:pull_request')).toBe('allow');
    expect(assume(plan, 'repo:acme/shop:ref:refs/heads/main')).toBe('allow');
    expect(assume(plan, `repo:acme/shop:environment:${env}`)).toBe('implicit-deny');
    expect(assume(plan, 'repo:other/shop:pull_request')).toBe('implicit-deny');
  });

  it('reads only its own environment state and writes nothing but its lock files', () => {
    const statements = inlineOf(plan);
    const other = env === 'dev' ? 'prod' : 'dev';
    const can = (request: PolicyRequest) => evaluate(statements, request);
    expect(can({ action: 's3:GetObject', resource: state(`${env}-app/terraform.tfstate`) })).toBe(
      'allow',
    );
    expect(can({ action: 's3:GetObject', resource: state(`${other}-app/terraform.tfstate`) })).toBe(
      'implicit-deny',
    );
    expect(can({ action: 's3:PutObject', resource: state(`${env}-app/terraform.tfstate`) })).toBe(
      'implicit-deny',
    );
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      expect(can({ action, resource: state(`${env}-app/terraform.tfstate.tflock`) })).toBe('allow');
    }
    const decrypt = (object: string) =>
      can({
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abc`,
        context: {
          'kms:ResourceAliases': [`alias/${BUCKET}`],
          'kms:ViaService': 's3.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:aws:s3:arn': state(object),
        },
      });
    expect(decrypt(`${env}-data/terraform.tfstate`)).toBe('allow');
    expect(decrypt(`${other}-data/terraform.tfstate`)).toBe('implicit-deny');
  });

  it('attaches ReadOnlyAccess and allows no write beyond the lock files', () => {
    const attached = Object.values(resourcesOf(cicd, 'aws_iam_role_policy_attachment'))
      .filter((a) => String(a.role).includes(`.${plan}_role_`))
      .map((a) => a.policy_arn);
    expect(attached).toEqual([expect.stringMatching(/:iam::aws:policy\/ReadOnlyAccess$/)]);
    const writes = inlineOf(plan)
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => (s.actions ?? []).map((a) => [a, s.resources] as const))
      .filter(([action]) => !/^(s3:(Get|List)|kms:Decrypt|secretsmanager:Get)/.test(action));
    expect(writes).toEqual([
      ['s3:PutObject', [state(`${env}-*/terraform.tfstate.tflock`)]],
      ['s3:DeleteObject', [state(`${env}-*/terraform.tfstate.tflock`)]],
      ['kms:GenerateDataKey', [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`]],
    ]);
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

it('documents both variables in the catalogue', () => {
  expect(Object.keys(VARIABLES)).toEqual(
    expect.arrayContaining(['github_repository', 'github_immutable_repository']),
  );
  expect('octo-org/octo-repo').toMatch(new RegExp(VARIABLES.github_repository.pattern));
  for (const bad of ['octo-org/*', 'https://github.com/a/b', 'octo-org', '*/*']) {
    expect(bad).not.toMatch(new RegExp(VARIABLES.github_repository.pattern));
  }
  const immutable = new RegExp(VARIABLES.github_immutable_repository.pattern);
  expect('').toMatch(immutable);
  expect('octo-org@123456/octo-repo@456789').toMatch(immutable);
  expect('octo-org/octo-repo').not.toMatch(immutable);
});
