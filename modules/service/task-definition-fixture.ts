import {
  dataSourceFor,
  decodeJsonencode,
  onlyResource,
  ref,
  resourceAt,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import type { ContainerSpec } from './container-definitions';
import { TaskDefinition, type TaskDefinitionProps } from './task-definition';

/** Two containers (an API with secrets and a health check, a proxy that waits for it), two repositories, a secrets key. */
export const ACCOUNT = '111122223333';
export const REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/skyport/api`;
export const PROXY_REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/skyport/proxy`;
export const DB_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:skyport/dev/db-AbCdEf`;
export const API_KEY_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:skyport/dev/api-key-XyZ123`;
export const SECRETS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const api: ContainerSpec = {
  name: 'api',
  image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/skyport/api:0a1b2c3`,
  port: 3000,
  environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
  secrets: {
    DB_PASSWORD: `${DB_SECRET}:password::`,
    DB_USER: `${DB_SECRET}:username::`,
    API_KEY: API_KEY_SECRET,
  },
  writablePaths: ['/tmp', '/app/.cache'],
  healthCheck: { command: ['CMD', '/app/healthcheck'], startPeriodSeconds: 20 },
};
export const proxy: ContainerSpec = {
  name: 'proxy',
  image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/skyport/proxy:4d5e6f7`,
  user: '101:101',
  stopTimeoutSeconds: 110,
  dependsOn: [{ containerName: 'api', condition: 'HEALTHY' }],
};

export const baseProps: TaskDefinitionProps = {
  family: 'skyport-dev-api',
  cpu: 512,
  memoryMiB: 1024,
  containers: [api, proxy],
  logGroupName: '/skyport/dev/api',
  logRetentionDays: 30,
  logKmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`,
  imageRepositoryArns: [REPO, PROXY_REPO],
  secretsKmsKeyArn: SECRETS_KEY,
};

export const synth = (props: Partial<TaskDefinitionProps> = {}) =>
  synthConstructs((scope) => {
    new TaskDefinition(scope, 'api', { ...baseProps, ...props });
  });

/** The container definitions exactly as Terraform receives them. */
export const containersOf = (json: TerraformJson) =>
  decodeJsonencode(
    onlyResource(json, 'aws_ecs_task_definition').container_definitions,
  ) as TerraformBlock[];

export const roleRef = (json: TerraformJson, role: string) =>
  ref('aws_iam_role', resourceAt(json, 'aws_iam_role', role), 'arn');

/** Statements of the inline policy attached to one role. */
export function policyOf(json: TerraformJson, role: string): TerraformBlock[] {
  const roleId = ref('aws_iam_role', resourceAt(json, 'aws_iam_role', role), 'id');
  const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy')).filter(
    (policy) => policy.role === roleId,
  );
  return attached.flatMap(
    (policy) => dataSourceFor(json, policy.policy).statement as TerraformBlock[],
  );
}

export const withAction = (statements: TerraformBlock[], action: string) =>
  statements.filter((s) => (s.actions as string[]).includes(action));

export const allDocuments = (json: TerraformJson) =>
  Object.values(json.data?.aws_iam_policy_document ?? {}).flatMap(
    (doc) => doc.statement as TerraformBlock[],
  );
