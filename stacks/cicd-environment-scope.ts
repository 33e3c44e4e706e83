import type { AwsContext } from '@skyport/modules/aws-context';
import type { StateConfig } from './config/state';

/** What the statements of one environment's roles are built from. */
export interface EnvironmentScope {
  readonly env: string;
  /** The environment's region (its stacks' default provider). */
  readonly region: string;
  readonly state: StateConfig;
  readonly context: AwsContext;
  /** Names of the other environments, whose state this one's roles must not touch. */
  readonly otherEnvironments: readonly string[];
}

/** The Terraform state objects of the environment's stacks, for `terraformStateStatements`. */
export function stateAccess({ env, state, context }: EnvironmentScope) {
  return {
    bucket: state.bucket,
    region: state.region,
    partition: context.partition,
    accountId: context.accountId,
    stacks: [`${env}-*`],
  };
}

/** The ARNs and ARN patterns of the environment's resources, which the statements name. */
export function arns(scope: EnvironmentScope) {
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
