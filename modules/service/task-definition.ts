import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { justifyShortLogRetention } from '../audit';
import { validateAtSynth } from '../validation/problems';
import {
  containerDefinition,
  type ContainerDefinition,
  type ContainerSpec,
} from './container-definitions';
import { jsonencode } from './jsonencode';
import { resolveSecretArns } from './secret-arn';
import { validateTaskDefinition } from './task-definition-validation';
import { attachExecutionPolicy, attachTaskPolicy, createTaskRoles } from './task-roles';
import { EXEC_AGENT_PATHS, VolumeNames } from './task-volumes';

export interface TaskDefinitionProps {
  /** Task definition family, e.g. `skyport-dev-api`: letters, digits, hyphens, underscores. */
  readonly family: string;
  /**
   * Task CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384, in a combination
   * with `memoryMiB` that Fargate accepts.
   */
  readonly cpu: number;
  /** Task memory in MiB; the choices depend on `cpu` (256 CPU: 512, 1024 or 2048). */
  readonly memoryMiB: number;
  /** The containers; the first is the main container. */
  readonly containers: ContainerSpec[];
  /** Log group every container writes to (stream prefix = container name), created here. */
  readonly logGroupName: string;
  /** Days the log group keeps events; one of the values CloudWatch Logs accepts. */
  readonly logRetentionDays: number;
  /**
   * KMS key ARN that encrypts the log group. Its policy must admit `logs.<region>.amazonaws.com`
   * (EncryptionKey does by default).
   * @default AWS-owned encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * ECR repository ARNs the execution role may pull images from, and no others. Leave empty
   * only when no image comes from a private ECR repository.
   */
  readonly imageRepositoryArns: string[];
  /**
   * Secrets Manager secret ARNs the execution role may read. When given, this exact list is
   * granted and wins over the ARNs derived from the containers' `secrets`; give it when a
   * `valueFrom` is a Terraform expression the construct cannot split into the secret ARN.
   * @default the secret ARNs referenced by the containers' `secrets`
   */
  readonly secretArns?: string[];
  /**
   * KMS key (ARN) that encrypts the referenced secrets, when it is a customer-managed key. The
   * execution role may decrypt with it only through Secrets Manager (`kms:ViaService`).
   * @default none (secrets encrypted with the AWS managed key `aws/secretsmanager`)
   */
  readonly secretsKmsKeyArn?: string;
  /**
   * What the application itself may do (task role). No `*` or `service:*` action.
   * @default none
   */
  readonly taskPolicyStatements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Allow ECS Exec into the containers: adds the `ssmmessages` channel permissions to the task
   * role and writable volumes at the SSM agent's paths (EXEC_AGENT_PATHS) in every container.
   * The service must enable it too (FargateService `enableExecuteCommand`).
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
}

/**
 * An ECS task definition for Fargate on ARM64 (Graviton), with its log group and two roles:
 * - every container runs with a read-only root filesystem, unprivileged, as a non-root user,
 *   with an init process, writable task-scoped volumes only where asked, awslogs to one group
 *   and secrets injected by ECS from Secrets Manager;
 * - the execution role (used by ECS to start the task) may pull only from the given ECR
 *   repositories, write only to the log group and read only the referenced secrets;
 * - the task role (used by the application) gets only `taskPolicyStatements` (and the ECS Exec
 *   channels when asked).
 * Both roles trust only `ecs-tasks.amazonaws.com` acting for this account and region.
 */
export class TaskDefinition extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly taskRole: IamRole;
  readonly executionRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The container definitions as registered (the first is the main container). */
  readonly containerDefinitions: ContainerDefinition[];
  /** Whether the task role and containers are prepared for ECS Exec. */
  readonly executeCommandEnabled: boolean;
  /** The task definition family. */
  readonly family: string;

  constructor(scope: Construct, id: string, props: TaskDefinitionProps) {
    super(scope, id);
    const { family, cpu, memoryMiB, containers } = props;
    validateAtSynth(this, (p) => validateTaskDefinition(p, props));
    this.family = family;
    this.executeCommandEnabled = props.enableExecuteCommand ?? false;
    const context = awsContext(this);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    justifyShortLogRetention(this.logGroup, props.logRetentionDays);

    const volumes = new VolumeNames();
    this.containerDefinitions = containers.map((spec) =>
      containerDefinition(spec, {
        logGroupName: this.logGroup.name,
        region: context.region,
        volumes,
        execPaths: this.executeCommandEnabled ? EXEC_AGENT_PATHS : [],
      }),
    );

    const roles = createTaskRoles(this, family, context);
    this.executionRole = roles.executionRole;
    this.taskRole = roles.taskRole;
    const executionPolicy = attachExecutionPolicy(this, this.executionRole, {
      imageRepositoryArns: props.imageRepositoryArns,
      logGroupArn: this.logGroup.arn,
      secretArns: resolveSecretArns(containers, props.secretArns),
      secretsKmsKeyArn: props.secretsKmsKeyArn,
      region: context.region,
    });
    const taskPolicies = attachTaskPolicy(
      this,
      this.taskRole,
      props.taskPolicyStatements ?? [],
      this.executeCommandEnabled,
    );

    const volumeNames = volumes.all();
    this.taskDefinition = new EcsTaskDefinition(this, 'task-definition', {
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      cpu: String(cpu),
      memory: String(memoryMiB),
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      // No host path: on Fargate such a volume lives in the task's ephemeral storage.
      volume: volumeNames.length > 0 ? volumeNames.map((name) => ({ name })) : undefined,
      // jsonencode of the object, not a JSON string with references spliced in: Terraform escapes
      // the referenced values, and the HCL rendering (decision 0022) stays valid HCL.
      containerDefinitions: jsonencode(this.containerDefinitions),
      // A service started before the policies exist fails its first tasks (pull or log denied).
      dependsOn: [executionPolicy, ...taskPolicies],
    });
  }
}
