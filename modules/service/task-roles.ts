import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { Construct } from 'constructs';
import type { AwsContext } from '../aws-context/aws-context';
import { assumedByServiceStatement } from '../iam/assumed-by-service';
import { readSecretStatements } from '../iam/read-secrets';

/**
 * The two roles of a task: the execution role ECS starts it with (image pull, logs, secrets) and
 * the task role the application runs with.
 */
export interface TaskRoles {
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
}

/** Creates both roles in `scope`; each trusts only ECS tasks of this account and region. */
export function createTaskRoles(scope: Construct, family: string, context: AwsContext): TaskRoles {
  const { accountId: account, partition, region } = context;
  // Confused-deputy guard: only ECS tasks of this account and region may assume the roles.
  const trust = new DataAwsIamPolicyDocument(scope, 'trust', {
    statement: [
      assumedByServiceStatement(
        'ecs-tasks.amazonaws.com',
        account,
        `arn:${partition}:ecs:${region}:${account}:*`,
      ),
    ],
  });
  // IAM name_prefix takes at most 38 characters.
  const prefix = family.slice(0, 31);
  const executionRole = new IamRole(scope, 'execution-role', {
    namePrefix: `${prefix}-exec-`,
    description: `ECS starts ${family} tasks with it: image pull, logs, secrets`,
    assumeRolePolicy: trust.json,
  });
  const taskRole = new IamRole(scope, 'task-role', {
    namePrefix: `${prefix}-task-`,
    description: `The ${family} application runs with it`,
    assumeRolePolicy: trust.json,
  });
  return { executionRole, taskRole };
}

/** What ECS needs to start the task, each limited to the task's own resources. */
export interface ExecutionGrants {
  readonly imageRepositoryArns: string[];
  readonly logGroupArn: string;
  readonly secretArns: string[];
  readonly secretsKmsKeyArn?: string;
  readonly region: string;
}

/** Attaches the execution role's inline policy (ids `execution`, `execution-policy`). */
export function attachExecutionPolicy(
  scope: Construct,
  executionRole: IamRole,
  grants: ExecutionGrants,
): IamRolePolicy {
  const execution = new DataAwsIamPolicyDocument(scope, 'execution', {
    statement: executionStatements(grants),
  });
  return new IamRolePolicy(scope, 'execution-policy', {
    role: executionRole.id,
    policy: execution.json,
  });
}

/**
 * Attaches the task role's inline policy (ids `task`, `task-policy`): the application's
 * statements, plus the ECS Exec channels when Exec is on. Returns no policy when there is nothing
 * to grant, so the role has none.
 */
export function attachTaskPolicy(
  scope: Construct,
  taskRole: IamRole,
  applicationStatements: DataAwsIamPolicyDocumentStatement[],
  executeCommandEnabled: boolean,
): IamRolePolicy[] {
  const taskStatements = [...applicationStatements];
  if (executeCommandEnabled) {
    taskStatements.push({
      sid: 'EcsExecSessionChannels',
      effect: 'Allow',
      actions: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      // The ssmmessages actions have no resource type: they cannot be scoped below `*`.
      resources: ['*'],
    });
  }
  if (taskStatements.length === 0) return [];
  const task = new DataAwsIamPolicyDocument(scope, 'task', { statement: taskStatements });
  return [new IamRolePolicy(scope, 'task-policy', { role: taskRole.id, policy: task.json })];
}

function executionStatements(grants: ExecutionGrants): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (grants.imageRepositoryArns.length > 0) {
    statements.push(
      {
        sid: 'PullFromTheGivenRepositories',
        effect: 'Allow',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
        ],
        resources: grants.imageRepositoryArns,
      },
      {
        sid: 'AuthenticateToEcr',
        effect: 'Allow',
        actions: ['ecr:GetAuthorizationToken'],
        // GetAuthorizationToken has no resource type (registry-wide token): `*` is the only
        // resource IAM accepts. The pull itself is limited to the repositories above.
        resources: ['*'],
      },
    );
  }
  statements.push({
    sid: 'WriteContainerLogs',
    effect: 'Allow',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [grants.logGroupArn, `${grants.logGroupArn}:log-stream:*`],
  });
  statements.push(
    ...readSecretStatements(grants.secretArns, grants.secretsKmsKeyArn, grants.region),
  );
  return statements;
}
