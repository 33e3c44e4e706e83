import { TerraformStack, Testing } from 'cdktf';
import {
  onlyResource,
  referenceTo,
  resourcesOf,
  synthConstructs,
  type TerraformJson,
} from '../testing';
import { GithubActionsRole, githubActionsRoleProblems } from './github-actions-role';
import { GithubOidcProvider } from './github-oidc-provider';
import { evaluate, type SynthesizedStatement } from './policy-evaluation';
import { subjectClaims, type GithubTrigger } from './subject-claims';

function synthRole(allow: GithubTrigger[], immutableName?: string): TerraformJson {
  return synthConstructs((scope) => {
    const provider = new GithubOidcProvider(scope, 'github');
    new GithubActionsRole(scope, 'deploy', {
      provider,
      roleName: 'shop-deploy',
      description: 'deploys the shop',
      repository: { name: 'acme/shop', immutableName },
      allow,
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      policies: {
        deliver: [
          { sid: 'Push', effect: 'Allow', actions: ['ecr:PutImage'], resources: ['arn:r'] },
        ],
      },
    });
  });
}

function trustOf(json: TerraformJson): SynthesizedStatement[] {
  const trust = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
    name.includes('trust'),
  );
  return (trust?.[1].statement ?? []) as SynthesizedStatement[];
}

/** What IAM decides for a token with this `sub` (and audience) presented through the provider. */
function decide(json: TerraformJson, sub: string, aud = 'sts.amazonaws.com') {
  return evaluate(trustOf(json), {
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: {
      type: 'Federated',
      identifier: referenceTo(json, 'aws_iam_openid_connect_provider', 'arn'),
    },
    context: {
      'token.actions.githubusercontent.com:sub': sub,
      'token.actions.githubusercontent.com:aud': aud,
    },
  });
}

describe('GithubOidcProvider', () => {
  it("trusts GitHub's issuer for the STS audience, with no thumbprints to keep up to date", () => {
    const json = synthConstructs((scope) => new GithubOidcProvider(scope, 'github'));
    expect(onlyResource(json, 'aws_iam_openid_connect_provider')).toEqual({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });
});

describe('GithubActionsRole trust', () => {
  const deploy = synthRole([{ branch: 'main' }, { environment: 'prod' }]);

  it('admits the repository on main and in its environment', () => {
    expect(decide(deploy, 'repo:acme/shop:ref:refs/heads/main')).toBe('allow');
    expect(decide(deploy, 'repo:acme/shop:environment:prod')).toBe('allow');
  });

  it('refuses pull requests, other branches, other environments and other audiences', () => {
    expect(decide(deploy, 'repo:acme/shop:pull_request')).toBe('implicit-deny');
    expect(decide(deploy, 'repo:acme/shop:ref:refs/heads/feature')).toBe('implicit-deny');
    expect(decide(deploy, 'repo:acme/shop:environment:dev')).toBe('implicit-deny');
    expect(decide(deploy, 'repo:acme/shop:ref:refs/heads/main', 'api://other')).toBe(
      'implicit-deny',
    );
  });

  it('refuses other repositories, including look-alikes a wildcard would have let in', () => {
    for (const sub of [
      'repo:acme/shop-fork:ref:refs/heads/main',
      'repo:evil/shop:ref:refs/heads/main',
      'repo:acme/shop:ref:refs/heads/main-x',
      'repo:acme/sho?:ref:refs/heads/main',
      'repo:acme/*:ref:refs/heads/main',
    ]) {
      expect([sub, decide(deploy, sub)]).toEqual([sub, 'implicit-deny']);
    }
  });

  it('compares the sub claim with exact values, never a pattern', () => {
    const [statement] = trustOf(deploy);
    for (const condition of statement?.condition ?? []) {
      expect(condition.test).toBe('StringEquals');
      for (const value of condition.values) expect(value).not.toMatch(/[*?]/);
    }
  });

  it('accepts the immutable form only when the ids are given, and then only with those ids', () => {
    expect(decide(deploy, 'repo:acme@1/shop@2:ref:refs/heads/main')).toBe('implicit-deny');
    const pinned = synthRole([{ branch: 'main' }], 'acme@1/shop@2');
    expect(decide(pinned, 'repo:acme@1/shop@2:ref:refs/heads/main')).toBe('allow');
    expect(decide(pinned, 'repo:acme@1/shop@3:ref:refs/heads/main')).toBe('implicit-deny');
    expect(decide(pinned, 'repo:acme/shop:ref:refs/heads/main')).toBe('allow');
  });

  it('refuses tokens from another identity provider', () => {
    expect(
      evaluate(trustOf(deploy), {
        action: 'sts:AssumeRoleWithWebIdentity',
        principal: { type: 'Federated', identifier: 'arn:aws:iam::1:oidc-provider/example.com' },
        context: {
          'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/main',
        },
      }),
    ).toBe('implicit-deny');
  });
});

describe('GithubActionsRole permissions', () => {
  const json = synthRole([{ pullRequest: true }]);

  it('names the role, caps sessions at an hour and attaches the managed policies', () => {
    expect(onlyResource(json, 'aws_iam_role')).toMatchObject({
      name: 'shop-deploy',
      max_session_duration: 3600,
    });
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });

  it('writes each inline policy from a policy document, under its own name', () => {
    const [policy] = Object.values(resourcesOf(json, 'aws_iam_role_policy'));
    expect(policy?.name).toBe('deliver');
    expect(policy?.policy).toMatch(
      /^\$\{data\.aws_iam_policy_document\.deploy_deliver_\w+\.json\}$/,
    );
  });
});

describe('githubActionsRoleProblems', () => {
  const provider = () => new GithubOidcProvider(new TerraformStack(Testing.app(), 's'), 'p');

  it('lists every problem at once, each naming the prop and what to use', () => {
    expect(
      githubActionsRoleProblems({
        provider: provider(),
        roleName: 'a role',
        description: 'x',
        repository: { name: 'acme/*', immutableName: 'acme/shop' },
        allow: [{ branch: 'release/*' }, { environment: 'prod' }],
        policies: { Deliver: [] },
        maxSessionDurationSeconds: 60,
      }),
    ).toEqual([
      'roleName: "a role" is not an IAM role name; use up to 64 letters, digits and +=,.@_-',
      'repository.name: "acme/*" is not owner/name; use the repository exactly, e.g. "octo-org/octo-repo" (no wildcard)',
      'repository.immutableName: "acme/shop" is not owner@id/name@id; use the sub_claim_prefix GitHub reports without "repo:", e.g. "octo-org@123456/octo-repo@456789", or leave it out',
      'allow[0]: "release/*" is not an exact branch or environment name; use the name itself, without *, ?, : or spaces',
      'policies: "Deliver" must be a policy name: 1-63 lowercase letters, digits and -, starting with a letter',
      'maxSessionDurationSeconds: 60 is out of range; use a whole number from 3600 to 43200',
    ]);
  });

  it('refuses a role no context may assume', () => {
    expect(
      githubActionsRoleProblems({
        provider: provider(),
        roleName: 'r',
        description: 'x',
        repository: { name: 'acme/shop' },
        allow: [],
      }),
    ).toEqual([
      'allow: 0 listed; list at least one of { branch }, { environment }, { pullRequest: true }',
    ]);
  });

  it('reports through the construct, so synth names its path', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const role = new GithubActionsRole(stack, 'deploy', {
      provider: new GithubOidcProvider(stack, 'github'),
      roleName: 'r',
      description: 'x',
      repository: { name: 'acme/shop' },
      allow: [{ environment: 'pr*d' }],
    });
    expect(role.node.validate()).toEqual([
      'allow[0]: "pr*d" is not an exact branch or environment name; use the name itself, without *, ?, : or spaces',
    ]);
  });

  it('reports every problem at synth at once, one line each after the construct path', () => {
    expect(() =>
      synthConstructs((scope) => {
        new GithubActionsRole(scope, 'deploy', {
          provider: new GithubOidcProvider(scope, 'github'),
          roleName: 'a role',
          description: 'x',
          repository: { name: 'acme/shop' },
          allow: [{ branch: 'main' }],
          maxSessionDurationSeconds: 60,
        });
      }),
    ).toThrow(
      '[stack/deploy] roleName: "a role" is not an IAM role name; use up to 64 letters, digits and +=,.@_-\n' +
        '[stack/deploy] maxSessionDurationSeconds: 60 is out of range; use a whole number from 3600 to 43200',
    );
  });
});

describe('subjectClaims', () => {
  it('writes each trigger in the classic form, then in the immutable form', () => {
    expect(
      subjectClaims({ name: 'a/b', immutableName: 'a@1/b@2' }, [
        { branch: 'main' },
        { environment: 'prod' },
        { pullRequest: true },
      ]),
    ).toEqual([
      'repo:a/b:ref:refs/heads/main',
      'repo:a/b:environment:prod',
      'repo:a/b:pull_request',
      'repo:a@1/b@2:ref:refs/heads/main',
      'repo:a@1/b@2:environment:prod',
      'repo:a@1/b@2:pull_request',
    ]);
  });
});
