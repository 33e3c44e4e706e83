import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Every Terraform variable a Skyport stack declares: the account-specific values that must not be
 * hard-coded in synthesized JSON. `terraform.tfvars.example` documents each one (a test keeps the
 * two in step), and Terraform checks each value against `pattern` before it plans anything.
 */
export interface VariableSpec {
  readonly description: string;
  /** RE2 pattern the whole value must match. */
  readonly pattern: string;
  /** What to tell an operator whose value does not match. */
  readonly errorMessage: string;
  /** The value when the operator sets none; without it the variable is required. */
  readonly default?: string;
}

export const VARIABLES = {
  domain_name: {
    description:
      'Apex domain of the environment, e.g. "example.com" or "dev.example.com": the site answers on it, www. redirects to it, api. serves the API.',
    pattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
    errorMessage:
      'domain_name must be a lowercase DNS name such as "example.com" (no scheme, no trailing dot).',
  },
  hosted_zone_id: {
    description:
      'ID of the Route53 public hosted zone that holds domain_name (Route53 console, or `aws route53 list-hosted-zones`).',
    pattern: '^Z[A-Z0-9]{1,31}$',
    errorMessage: 'hosted_zone_id must be a Route53 zone ID such as "Z0123456789ABCDEFGHIJ".',
  },
  alert_email: {
    description:
      'E-mail address that receives every alarm of the environment (SNS; confirm the subscription once).',
    pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    errorMessage: 'alert_email must be an e-mail address such as "ops@example.com".',
  },
  owner_email: {
    description:
      'E-mail address of the portfolio owner: the account registered with it may create, edit and delete projects (OWNER_EMAIL of the API).',
    pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    errorMessage: 'owner_email must be an e-mail address such as "owner@example.com".',
  },
  image_tag: {
    description:
      "Tag of the API image in the environment's ECR repository to run (the git SHA CI pushed; tags are immutable).",
    pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$',
    errorMessage:
      'image_tag must be a Docker tag such as a git SHA ("3f2c1d0"): letters, digits, ".", "_", "-".',
  },
  bedrock_model_id: {
    description:
      'Amazon Bedrock model the assistant calls: a model id ("amazon.nova-lite-v1:0") or a cross-region inference profile id ("eu.amazon.nova-lite-v1:0"). The task may invoke only this model.',
    pattern: '^((us|eu|apac|global|jp|au|ca|us-gov)\\.)?[a-z0-9-]+\\.[A-Za-z0-9.:-]+$',
    errorMessage:
      'bedrock_model_id must be a Bedrock model or inference profile id such as "amazon.nova-lite-v1:0" or "eu.amazon.nova-lite-v1:0".',
  },
  github_repository: {
    description:
      'GitHub repository, as owner/name, whose Actions workflows may assume the CI roles (plan from pull requests and main, deploy from main or the environment).',
    pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$',
    errorMessage:
      'github_repository must be the repository as owner/name, such as "octo-org/octo-repo": no URL, no wildcard.',
  },
  github_immutable_repository: {
    description:
      'The repository with its immutable ids, owner@ownerId/name@repositoryId (sub_claim_prefix of `gh api repos/OWNER/REPO/actions/oidc/customization/sub`, without "repo:"): tokens in that sub format are accepted too. Empty: only the owner/name format is.',
    pattern: '^([A-Za-z0-9-]+@[0-9]+/[A-Za-z0-9._-]+@[0-9]+)?$',
    errorMessage:
      'github_immutable_repository must be empty or owner@ownerId/name@repositoryId, such as "octo-org@123456/octo-repo@456789".',
    default: '',
  },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;

/** Declares one of the catalogued variables in a stack, with its description and validation. */
export function declareVariable(scope: Construct, name: VariableName): TerraformVariable {
  const spec: VariableSpec = VARIABLES[name];
  return new TerraformVariable(scope, name, {
    type: 'string',
    description: spec.description,
    nullable: false,
    default: spec.default,
    validation: [
      {
        condition: `\${can(regex(${JSON.stringify(spec.pattern)}, var.${name}))}`,
        errorMessage: spec.errorMessage,
      },
    ],
  });
}
