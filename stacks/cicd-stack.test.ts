import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesOf, type TerraformBlock } from '@skyport/modules/testing';
import { BUCKET, cicd } from './cicd-test-support';
import { VARIABLES } from './variables';

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
