import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { awsContext } from '@skyport/modules/aws-context';
import {
  GithubActionsRole,
  GithubOidcProvider,
  terraformStateStatements,
  type GithubRepository,
} from '@skyport/modules/github-oidc';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { applyIamStatements, deliverStatements } from './cicd-deploy-role';
import { stateAccess } from './cicd-environment-scope';
import { guardrailStatements } from './cicd-guardrails';
import { refreshStatements } from './cicd-plan-role';
import type { EnvironmentProfile } from './config/environments';
import { stateKey, type StateConfig } from './config/state';
import { acceptAwsProviderRange } from './provider-version';
import { defaultTags } from './tags';
import { declareVariable } from './variables';

export interface CicdStackProps {
  readonly state: StateConfig;
  /** The validated environment profiles: one plan role and one deploy role each. */
  readonly profiles: readonly EnvironmentProfile[];
}

/** The branch GitHub protects and deploys from. */
export const DEPLOY_BRANCH = 'main';

/**
 * `cicd`: the account's GitHub Actions OIDC provider and, per environment, two roles the
 * workflows assume: `skyport-<env>-plan` (read-only, from pull requests and main) and
 * `skyport-<env>-deploy` (from main or the GitHub environment `<env>` only). The roles name the
 * environments' resources by pattern, not by cross-stack reference, so this stack is applied once,
 * before any environment exists, by an administrator (never by CI: the roles would be changing
 * their own trust). See docs/decisions/0014-ci-roles.md.
 */
export class CicdStack extends TerraformStack {
  readonly github: GithubOidcProvider;
  readonly planRoles: Readonly<Record<string, GithubActionsRole>>;
  readonly deployRoles: Readonly<Record<string, GithubActionsRole>>;

  constructor(scope: Construct, id: string, props: CicdStackProps) {
    super(scope, id);
    const { state } = props;
    new S3Backend(this, { bucket: state.bucket, key: stateKey(id), region: state.region });
    // CDKTF 0.21's S3Backend predates use_lockfile (Terraform >= 1.10).
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    acceptAwsProviderRange(this);
    // The roles reach production: audited as production, like the state bucket.
    this.addOverride('//.skyport', { environment: 'shared', stage: 'production' });
    new AwsProvider(this, 'aws', {
      region: state.region,
      defaultTags: [{ tags: defaultTags({ environment: 'shared', stack: id }) }],
    });

    const name = declareVariable(this, 'github_repository');
    const immutable = declareVariable(this, 'github_immutable_repository');
    // Both name the same repository: the ids only pin it.
    immutable.addValidation({
      condition: `\${var.github_immutable_repository == "" || replace(var.github_immutable_repository, "/@[0-9]+/", "") == var.github_repository}`,
      errorMessage:
        'github_immutable_repository must name the repository github_repository names (owner@ownerId/name@repositoryId for owner/name).',
    });
    const repository: GithubRepository = {
      name: name.stringValue,
      immutableName: immutable.stringValue,
    };

    const context = awsContext(this);
    this.github = new GithubOidcProvider(this, 'github');
    const planRoles: Record<string, GithubActionsRole> = {};
    const deployRoles: Record<string, GithubActionsRole> = {};
    const others = (profile: EnvironmentProfile) =>
      props.profiles.filter((p) => p.name !== profile.name).map((p) => p.name);
    for (const profile of props.profiles) {
      const env = profile.name;
      const scope = {
        env,
        region: profile.region,
        state,
        context,
        otherEnvironments: others(profile),
      };
      planRoles[env] = new GithubActionsRole(this, `${env}-plan`, {
        provider: this.github,
        roleName: `skyport-${env}-plan`,
        description: `GitHub Actions: terraform plan of the ${env} stacks (pull requests and ${DEPLOY_BRANCH})`,
        repository,
        allow: [{ pullRequest: true }, { branch: DEPLOY_BRANCH }],
        // Refreshing every resource of the stacks reads nearly every service: AWS keeps this
        // list current. What it would also let a pull request read is denied in `refresh`.
        managedPolicyArns: [`arn:${context.partition}:iam::aws:policy/ReadOnlyAccess`],
        policies: {
          state: terraformStateStatements({ ...stateAccess(scope), access: 'read' }),
          refresh: refreshStatements(scope),
        },
      });
      deployRoles[env] = new GithubActionsRole(this, `${env}-deploy`, {
        provider: this.github,
        roleName: `skyport-${env}-deploy`,
        description: `GitHub Actions: apply the ${env} stacks and deliver the app (${DEPLOY_BRANCH} or environment ${env})`,
        repository,
        allow: [{ branch: DEPLOY_BRANCH }, { environment: env }],
        // make deploy waits for migrations and steady state; a first prod deployment (Multi-AZ
        // RDS, a broker cluster, CloudFront) can take more than IAM's default hour.
        maxSessionDurationSeconds: 3 * 3600,
        // Applying the stacks creates and changes resources in some twenty services whose ids are
        // not known before apply: AWS's PowerUserAccess (everything but IAM, Organizations and
        // Account), bounded by `guardrails`; IAM comes from `apply-iam`, by name.
        managedPolicyArns: [`arn:${context.partition}:iam::aws:policy/PowerUserAccess`],
        policies: {
          state: terraformStateStatements({ ...stateAccess(scope), access: 'write' }),
          deliver: deliverStatements(scope),
          'apply-iam': applyIamStatements(scope),
          guardrails: guardrailStatements(scope),
        },
      });
      new TerraformOutput(this, `${env}_plan_role_arn`, {
        value: planRoles[env].arn,
        description: `aws-actions/configure-aws-credentials role-to-assume for terraform plan of ${env}`,
      });
      new TerraformOutput(this, `${env}_deploy_role_arn`, {
        value: deployRoles[env].arn,
        description: `aws-actions/configure-aws-credentials role-to-assume for make deploy ENV=${env}`,
      });
    }
    this.planRoles = planRoles;
    this.deployRoles = deployRoles;
    new TerraformOutput(this, 'github_oidc_provider_arn', { value: this.github.arn });
  }
}
