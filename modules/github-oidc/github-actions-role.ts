import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems, show, validateAtSynth } from '../validation/problems';
import type { GithubOidcProvider } from './github-oidc-provider';
import type { GithubRepository, GithubTrigger } from './subject-claims';

export interface GithubActionsRoleProps {
  /** The account's GitHub OIDC provider, whose tokens the role trusts. */
  readonly provider: GithubOidcProvider;
  /** Role name (IAM: up to 64 of letters, digits and `+=,.@_-`), e.g. `skyport-dev-deploy`. */
  readonly roleName: string;
  /** What the role is for, shown in the IAM console. */
  readonly description: string;
  /** The one repository whose workflows may assume the role. */
  readonly repository: GithubRepository;
  /**
   * The workflow contexts admitted, e.g. `[{ branch: 'main' }, { environment: 'prod' }]`. At least
   * one; branch and environment names are exact (no `*` or `?`).
   */
  readonly allow: readonly GithubTrigger[];
  /**
   * ARNs of managed policies to attach, e.g. AWS's `ReadOnlyAccess`.
   * @default none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Inline policies by name (lowercase words and `-`), each a list of statements written as
   * `aws_iam_policy_document` statements, so checkov's policy checks can read them.
   * @default none
   */
  readonly policies?: Readonly<Record<string, readonly DataAwsIamPolicyDocumentStatement[]>>;
  /**
   * How long a session lasts, in seconds (IAM allows 3600-43200). A workflow job asks for one
   * session; an apply of every stack fits in an hour.
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const IMMUTABLE_REPOSITORY = /^([A-Za-z0-9-]+@[0-9]+\/[A-Za-z0-9._-]+@[0-9]+)?$/;
/** Branch and environment names as a trust policy may hold them: no IAM wildcard, no `:`. */
const CONTEXT_NAME = /^[^*?:\s]+$/;

/**
 * Every problem with the props, each as `<prop>: <value> <what is wrong>; use <allowed>`, added
 * to `p` (a fresh list when left out) and returned. Values that are Terraform expressions
 * (variables) are checked by Terraform instead.
 */
export function githubActionsRoleProblems(
  props: GithubActionsRoleProps,
  p: Problems = new Problems(),
): string[] {
  const literal = (value: string) => !Token.isUnresolved(value);
  if (literal(props.roleName) && !ROLE_NAME.test(props.roleName)) {
    p.add(
      'roleName',
      `${show(props.roleName)} is not an IAM role name; use up to 64 letters, digits and +=,.@_-`,
    );
  }
  const { name, immutableName } = props.repository;
  if (literal(name) && !REPOSITORY.test(name)) {
    p.add(
      'repository.name',
      `${show(name)} is not owner/name; use the repository exactly, e.g. "octo-org/octo-repo" (no wildcard)`,
    );
  }
  if (
    immutableName !== undefined &&
    literal(immutableName) &&
    !IMMUTABLE_REPOSITORY.test(immutableName)
  ) {
    p.add(
      'repository.immutableName',
      `${show(immutableName)} is not owner@id/name@id; use the sub_claim_prefix GitHub reports without "repo:", e.g. "octo-org@123456/octo-repo@456789", or leave it out`,
    );
  }
  if (props.allow.length === 0) {
    p.add(
      'allow',
      '0 listed; list at least one of { branch }, { environment }, { pullRequest: true }',
    );
  }
  for (const [index, trigger] of props.allow.entries()) {
    const named =
      'branch' in trigger
        ? trigger.branch
        : 'environment' in trigger
          ? trigger.environment
          : undefined;
    if (named !== undefined && literal(named) && !CONTEXT_NAME.test(named)) {
      p.add(
        `allow[${index}]`,
        `${show(named)} is not an exact branch or environment name; use the name itself, without *, ?, : or spaces`,
      );
    }
  }
  for (const policyName of Object.keys(props.policies ?? {})) {
    p.matches(
      'policies',
      policyName,
      POLICY_NAME,
      'a policy name: 1-63 lowercase letters, digits and -, starting with a letter',
    );
  }
  p.integer('maxSessionDurationSeconds', props.maxSessionDurationSeconds ?? 3600, 3600, 43200);
  return p.list;
}

/**
 * An IAM role that GitHub Actions workflows of one repository assume through OIDC, in the
 * contexts `allow` names and no other: the trust policy compares the token's audience and `sub`
 * with exact values. Its permissions are the managed policies and inline policies given.
 */
export class GithubActionsRole extends Construct {
  readonly role: IamRole;
  readonly trust: DataAwsIamPolicyDocument;
  /** The inline policy documents, by policy name. */
  readonly documents: Readonly<Record<string, DataAwsIamPolicyDocument>>;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: GithubActionsRoleProps) {
    super(scope, id);
    validateAtSynth(this, (p) => githubActionsRoleProblems(props, p));

    this.trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [props.provider.trustStatement(props.repository, props.allow)],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: this.trust.json,
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
    });
    this.arn = this.role.arn;
    this.name = this.role.name;

    for (const arn of props.managedPolicyArns ?? []) {
      // The policy's own name (after the last "/") keeps the Terraform address readable.
      const policyName = arn.split('/').pop() ?? arn;
      new IamRolePolicyAttachment(this, `managed-${policyName}`, {
        role: this.role.name,
        policyArn: arn,
      });
    }
    const documents: Record<string, DataAwsIamPolicyDocument> = {};
    for (const [policyName, statements] of Object.entries(props.policies ?? {})) {
      const document = new DataAwsIamPolicyDocument(this, policyName, {
        statement: [...statements],
      });
      new IamRolePolicy(this, `${policyName}-policy`, {
        name: policyName,
        role: this.role.id,
        policy: document.json,
      });
      documents[policyName] = document;
    }
    this.documents = documents;
  }
}
