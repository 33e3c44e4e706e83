import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { awsContext, type AwsContext } from '@skyport/modules/aws-context';
import {
  GithubActionsRole,
  GithubOidcProvider,
  GITHUB_OIDC_HOST,
  terraformStateStatements,
  type GithubRepository,
} from '@skyport/modules/github-oidc';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
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

/** Task definition families of the app stack; each has a `-task-` and an `-exec-` role. */
export const TASK_FAMILIES = ['api', 'worker', 'migrate'] as const;

/**
 * AWS services whose resources the environment stacks create, by the Terraform type prefixes
 * that belong to each. The deploy role's guardrails cover these services; a test fails when an
 * environment stack declares a type no entry claims.
 */
export const ENVIRONMENT_SERVICES: Readonly<Record<string, readonly string[]>> = {
  acm: ['aws_acm_'],
  apigateway: ['aws_apigatewayv2_'],
  'application-autoscaling': ['aws_appautoscaling_'],
  cloudfront: ['aws_cloudfront_'],
  cloudwatch: ['aws_cloudwatch_metric_alarm'],
  ec2: [
    'aws_vpc',
    'aws_subnet',
    'aws_route',
    'aws_internet_gateway',
    'aws_nat_gateway',
    'aws_eip',
    'aws_network_acl',
    'aws_security_group',
    'aws_default_security_group',
    'aws_flow_log',
    'aws_availability_zones',
  ],
  ecr: ['aws_ecr_'],
  ecs: ['aws_ecs_'],
  elasticache: ['aws_elasticache_'],
  elasticloadbalancing: ['aws_lb', 'aws_elb_service_account'],
  iam: ['aws_iam_role'],
  kms: ['aws_kms_'],
  logs: ['aws_cloudwatch_log_'],
  mq: ['aws_mq_'],
  rds: ['aws_db_'],
  route53: ['aws_route53_'],
  s3: ['aws_s3_', 'aws_canonical_user_id'],
  secretsmanager: ['aws_secretsmanager_'],
  servicediscovery: ['aws_service_discovery_'],
  ses: ['aws_sesv2_'],
  sns: ['aws_sns_'],
  wafv2: ['aws_wafv2_'],
};

/** IAM role actions the deploy role uses on its environment's roles (and denies on the CI roles). */
const ROLE_WRITE_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];
const ROLE_READ_ACTIONS = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListRoleTags',
  'iam:ListInstanceProfilesForRole',
];

/** AWS managed policies the environment stacks attach to their roles (and no others). */
const ATTACHABLE_MANAGED_POLICIES = ['service-role/AmazonRDSEnhancedMonitoringRole'];

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

/** What the statements of one environment's roles are built from. */
interface EnvironmentScope {
  readonly env: string;
  /** The environment's region (its stacks' default provider). */
  readonly region: string;
  readonly state: StateConfig;
  readonly context: AwsContext;
  /** Names of the other environments, whose state this one's roles must not touch. */
  readonly otherEnvironments: readonly string[];
}

function stateAccess({ env, state, context }: EnvironmentScope) {
  return {
    bucket: state.bucket,
    region: state.region,
    partition: context.partition,
    accountId: context.accountId,
    stacks: [`${env}-*`],
  };
}

function arns(scope: EnvironmentScope) {
  const { env, region, context } = scope;
  const { partition, accountId } = context;
  const iam = `arn:${partition}:iam::${accountId}`;
  const ecs = `arn:${partition}:ecs:${region}:${accountId}`;
  return {
    role: (pattern: string) => `${iam}:role/${pattern}`,
    repository: `arn:${partition}:ecr:${region}:${accountId}:repository/skyport-${env}/api`,
    cluster: `${ecs}:cluster/skyport-${env}`,
    services: `${ecs}:service/skyport-${env}/skyport-${env}-*`,
    tasks: `${ecs}:task/skyport-${env}/*`,
    migration: `${ecs}:task-definition/skyport-${env}-migrate:*`,
    siteBuckets: `arn:${partition}:s3:::skyport-${env}-site-*`,
    siteLogBuckets: `arn:${partition}:s3:::skyport-${env}-site-logs-*`,
    distributions: `arn:${partition}:cloudfront::${accountId}:distribution/*`,
    secrets: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:skyport-${env}-*`,
    keys: `arn:${partition}:kms:${region}:${accountId}:key/*`,
    stateObjects: `arn:${partition}:s3:::${scope.state.bucket}/*`,
  };
}

/** The task and execution roles of the app stack's task definitions (IAM adds a suffix). */
function taskRoles(scope: EnvironmentScope): string[] {
  const { role } = arns(scope);
  return TASK_FAMILIES.flatMap((family) =>
    ['task', 'exec'].map((kind) => role(`skyport-${scope.env}-${family}-${kind}-*`)),
  );
}

/**
 * The plan role beyond ReadOnlyAccess: the environment's secret values, which refreshing a
 * secret version reads (and which its state holds anyway), a random password for the data
 * source that generates one, and a denial of data ReadOnlyAccess would expose to a pull request.
 */
function refreshStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const { env, region } = scope;
  const at = arns(scope);
  return [
    {
      sid: 'ReadThisEnvironmentsSecretsToRefreshThem',
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [at.secrets],
    },
    {
      sid: 'DecryptThemThroughSecretsManagerOnly',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [at.keys],
      condition: [
        {
          test: 'ForAnyValue:StringEquals',
          variable: 'kms:ResourceAliases',
          values: [`alias/skyport-${env}`],
        },
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [`secretsmanager.${region}.amazonaws.com`],
        },
      ],
    },
    {
      // The data source aws_secretsmanager_random_password calls it; it has no resource type.
      sid: 'GeneratePasswordsForThePlan',
      effect: 'Allow',
      actions: ['secretsmanager:GetRandomPassword'],
      resources: ['*'],
    },
    {
      sid: 'ReadNoObjectButTheState',
      effect: 'Deny',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      notResources: [at.stateObjects],
    },
    {
      sid: 'ReadNoParameterOrTableData',
      effect: 'Deny',
      actions: [
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:GetParametersByPath',
        'ssm:GetParameterHistory',
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ],
      resources: ['*'],
    },
  ];
}

/**
 * Delivering a release of the environment: push the image, register task definitions, run the
 * migration, roll the services, sync the site and invalidate CloudFront. PowerUserAccess grants
 * these too; they are written out as the contract of `make deploy`, scoped to the environment.
 */
function deliverStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const at = arns(scope);
  return [
    {
      sid: 'SignInToEcr',
      effect: 'Allow',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    },
    {
      sid: 'PushTheEnvironmentsImage',
      effect: 'Allow',
      actions: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
        'ecr:BatchGetImage',
        'ecr:DescribeImages',
      ],
      resources: [at.repository],
    },
    {
      // RegisterTaskDefinition has no resource type: a family cannot be named.
      sid: 'RegisterTaskDefinitions',
      effect: 'Allow',
      actions: ['ecs:RegisterTaskDefinition'],
      resources: ['*'],
    },
    {
      sid: 'RollTheEnvironmentsServices',
      effect: 'Allow',
      actions: ['ecs:UpdateService', 'ecs:DescribeServices'],
      resources: [at.services],
    },
    {
      sid: 'RunTheMigrationInTheEnvironmentsCluster',
      effect: 'Allow',
      actions: ['ecs:RunTask'],
      resources: [at.migration],
      condition: [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [at.cluster] }],
    },
    {
      sid: 'WatchTheMigration',
      effect: 'Allow',
      actions: ['ecs:DescribeTasks'],
      resources: [at.tasks],
    },
    {
      sid: 'PassTheTaskRolesToEcsTasksOnly',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: taskRoles(scope),
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:PassedToService',
          values: ['ecs-tasks.amazonaws.com'],
        },
      ],
    },
    {
      sid: 'SyncTheSite',
      effect: 'Allow',
      actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [at.siteBuckets, `${at.siteBuckets}/*`],
    },
    {
      // The site bucket's prefix also matches its log bucket: logs are CloudFront's to write.
      sid: 'LeaveTheSiteLogsAlone',
      effect: 'Deny',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [`${at.siteLogBuckets}/*`],
    },
    {
      // Distribution ids are random: the guardrails keep the role off other environments' ones.
      sid: 'InvalidateTheSite',
      effect: 'Allow',
      actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
      resources: [at.distributions],
    },
  ];
}

/**
 * IAM for applying the stacks, which PowerUserAccess leaves out: the environment's own roles by
 * name, AWS managed policies the stacks attach, and each role passed only to its service.
 */
function applyIamStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const { env, context } = scope;
  const { role } = arns(scope);
  // The network module names its flow-log role vpc-flow-log-*, in every environment: the
  // guardrails' environment tag keeps this role off the other environment's one.
  const environmentRoles = [role(`skyport-${env}-*`), role('vpc-flow-log-*')];
  const passTo = (sid: string, service: string, roles: string[]) => ({
    sid,
    effect: 'Allow',
    actions: ['iam:PassRole'],
    resources: roles,
    condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [service] }],
  });
  return [
    {
      sid: 'ManageTheEnvironmentsRoles',
      effect: 'Allow',
      actions: [
        ...ROLE_WRITE_ACTIONS.filter((a) => !/Attach|Detach/.test(a)),
        ...ROLE_READ_ACTIONS,
      ],
      resources: environmentRoles,
    },
    {
      sid: 'AttachOnlyTheManagedPoliciesTheStacksUse',
      effect: 'Allow',
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      resources: environmentRoles,
      condition: [
        {
          test: 'ArnEquals',
          variable: 'iam:PolicyARN',
          values: ATTACHABLE_MANAGED_POLICIES.map(
            (policy) => `arn:${context.partition}:iam::aws:policy/${policy}`,
          ),
        },
      ],
    },
    passTo('PassTheMonitoringRoleToRdsOnly', 'monitoring.rds.amazonaws.com', [
      role(`skyport-${env}-postgres-monitor-*`),
    ]),
    passTo('PassTheFlowLogRoleToFlowLogsOnly', 'vpc-flow-logs.amazonaws.com', [
      role('vpc-flow-log-*'),
    ]),
  ];
}

/**
 * What the deploy role must never do, whatever PowerUserAccess grows into: touch another
 * environment's resources (by their `environment` tag) or create resources tagged for one, change
 * the CI roles or their identity provider, assume another role, reconfigure the state bucket or
 * its key, or read or write another environment's state.
 */
function guardrailStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const { env, state, context } = scope;
  const { role } = arns(scope);
  const services = Object.keys(ENVIRONMENT_SERVICES).map((service) =>
    service === 'iam' ? 'iam:*Role*' : `${service}:*`,
  );
  const bucketArn = `arn:${context.partition}:s3:::${state.bucket}`;
  const stateKey = [
    {
      test: 'ForAnyValue:StringEquals',
      variable: 'kms:ResourceAliases',
      values: [`alias/${state.bucket}`],
    },
  ];
  const foreignState = [
    ...scope.otherEnvironments.map((other) => `${other}-*`),
    'cicd',
    'bootstrap',
  ];
  return [
    {
      sid: 'NeverTouchAnotherEnvironmentsResources',
      effect: 'Deny',
      actions: services,
      resources: ['*'],
      condition: [
        { test: 'Null', variable: 'aws:ResourceTag/environment', values: ['false'] },
        {
          test: 'StringNotEquals',
          variable: 'aws:ResourceTag/environment',
          values: [env, 'shared'],
        },
      ],
    },
    {
      sid: 'NeverCreateResourcesForAnotherEnvironment',
      effect: 'Deny',
      actions: services,
      resources: ['*'],
      condition: [
        { test: 'Null', variable: 'aws:RequestTag/environment', values: ['false'] },
        { test: 'StringNotEquals', variable: 'aws:RequestTag/environment', values: [env] },
      ],
    },
    {
      sid: 'NeverChangeTheCiRolesOrTheirProvider',
      effect: 'Deny',
      actions: [
        ...ROLE_WRITE_ACTIONS,
        'iam:DeleteOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:TagOpenIDConnectProvider',
        'iam:UntagOpenIDConnectProvider',
      ],
      resources: [
        role('skyport-*-plan'),
        role('skyport-*-deploy'),
        `arn:${context.partition}:iam::${context.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
      ],
    },
    {
      // The environment's roles are the deploy role's to write: assuming one would escalate.
      sid: 'NeverAssumeAnotherRole',
      effect: 'Deny',
      actions: ['sts:AssumeRole'],
      resources: ['*'],
    },
    {
      sid: 'LeaveTheStateBucketAsBootstrapMadeIt',
      effect: 'Deny',
      actions: [
        's3:PutBucket*',
        's3:DeleteBucket*',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutReplicationConfiguration',
        's3:PutObjectAcl',
        's3:PutObjectVersionAcl',
        's3:DeleteObjectVersion',
      ],
      resources: [bucketArn, `${bucketArn}/*`],
    },
    {
      sid: 'NeverWriteAnotherEnvironmentsState',
      effect: 'Deny',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: foreignState.map((stack) => `${bucketArn}/${stack}/*`),
    },
    {
      sid: 'UseTheStateKeyOnlyForThisEnvironmentsState',
      effect: 'Deny',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      condition: [
        ...stateKey,
        {
          test: 'StringNotLike',
          variable: 'kms:EncryptionContext:aws:s3:arn',
          values: [`${bucketArn}/${env}-*`],
        },
      ],
    },
    {
      sid: 'LeaveTheStateKeyAsBootstrapMadeIt',
      effect: 'Deny',
      actions: [
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:CreateGrant',
        'kms:RevokeGrant',
        'kms:RetireGrant',
        'kms:UpdateKeyDescription',
        'kms:CreateAlias',
        'kms:UpdateAlias',
        'kms:DeleteAlias',
        'kms:TagResource',
        'kms:UntagResource',
      ],
      resources: ['*'],
      condition: stateKey,
    },
  ];
}
