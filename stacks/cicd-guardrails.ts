import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { GITHUB_OIDC_HOST } from '@skyport/modules/github-oidc';
import { arns, type EnvironmentScope } from './cicd-environment-scope';
import { ROLE_WRITE_ACTIONS } from './cicd-role-actions';

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
    'aws_availability_zone',
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

/**
 * What the deploy role must never do, whatever PowerUserAccess grows into: touch another
 * environment's resources (by their `environment` tag) or create resources tagged for one, change
 * the CI roles or their identity provider, assume another role, reconfigure the state bucket or
 * its key, or read or write another environment's state.
 */
export function guardrailStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
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
