import {
  evaluate,
  renderStatements,
  type Decision,
  type SynthesizedStatement,
} from '@skyport/modules/github-oidc';
import { resourcesOf, type TerraformJson } from '@skyport/modules/testing';
import { synthesizeApp } from './test-support';

/**
 * The cicd stack as Terraform would create it, for one account: the policy documents rendered
 * with an account id, a repository and a provider ARN, then evaluated the way IAM would for
 * GitHub tokens and for the requests a deploy makes.
 */
export const ACCOUNT = '111122223333';
export const BUCKET = 'acme-tfstate';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const synthesized = synthesizeApp({
  env: { SKYPORT_STATE_BUCKET: BUCKET, SKYPORT_STATE_REGION: 'eu-west-1' },
});
export const cicd = synthesized.stacks.get('cicd') as TerraformJson;
export const documents = cicd.data?.aws_iam_policy_document ?? {};

/** The statements of one policy document of the stack (`dev-deploy`, `guardrails`), rendered. */
export function statementsOf(
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
export function inlineOf(role: string): SynthesizedStatement[] {
  const names = Object.values(resourcesOf(cicd, 'aws_iam_role_policy'))
    .filter((policy) => String(policy.role).includes(`.${role}_role_`))
    .map((policy) => policy.name as string);
  return names.flatMap((name) => statementsOf(role, name));
}

export function assume(
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

export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const state = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
