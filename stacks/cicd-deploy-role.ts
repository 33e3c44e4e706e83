import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { arns, type EnvironmentScope } from './cicd-environment-scope';
import { ROLE_READ_ACTIONS, ROLE_WRITE_ACTIONS } from './cicd-role-actions';

/** Task definition families of the app stack; each has a `-task-` and an `-exec-` role. */
export const TASK_FAMILIES = ['api', 'worker', 'migrate'] as const;

/** AWS managed policies the environment stacks attach to their roles (and no others). */
const ATTACHABLE_MANAGED_POLICIES = ['service-role/AmazonRDSEnhancedMonitoringRole'];

/** The task and execution roles of the app stack's task definitions (IAM adds a suffix). */
function taskRoles(scope: EnvironmentScope): string[] {
  const { role } = arns(scope);
  return TASK_FAMILIES.flatMap((family) =>
    ['task', 'exec'].map((kind) => role(`skyport-${scope.env}-${family}-${kind}-*`)),
  );
}

/**
 * Delivering a release of the environment: push the image, register task definitions, run the
 * migration, roll the services, sync the site and invalidate CloudFront. PowerUserAccess grants
 * these too; they are written out as the contract of `make deploy`, scoped to the environment.
 */
export function deliverStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
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
export function applyIamStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
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
