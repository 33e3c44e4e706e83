import { evaluate, type PolicyRequest } from '@skyport/modules/github-oidc';
import { resourcesOf } from '@skyport/modules/testing';
import { ACCOUNT, BUCKET, assume, cicd, inlineOf, state } from './cicd-test-support';

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
