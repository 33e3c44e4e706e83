import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';
import { justifyShortLogRetention } from '../audit';
import { LOG_RETENTION_DAYS } from '../validation/log-retention';
import { fargateMemoryChoices, FARGATE_CPU_UNITS, isFargateSize } from './fargate-size';
import { jsonencode } from './jsonencode';
import { secretArnOf } from './secret-arn';

export const DEPENDENCY_CONDITIONS = ['START', 'HEALTHY', 'COMPLETE', 'SUCCESS'] as const;
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

/**
 * Paths the ECS Exec (SSM) agent writes to inside a container. ECS documents Exec as unsupported
 * with a read-only root filesystem; giving the agent writable volumes at these paths is the
 * workaround reported in aws/containers-roadmap#1359 and aws-containers/amazon-ecs-exec-checker#71.
 */
export const EXEC_AGENT_PATHS = [
  '/managed-agents',
  '/var/lib/amazon/ssm',
  '/var/log/amazon/ssm',
] as const;

/** A Docker health check run by the ECS agent inside the container. */
export interface ContainerHealthCheck {
  /** `['CMD', 'executable', ...args]` or `['CMD-SHELL', 'shell command']`. */
  readonly command: string[];
  /**
   * Seconds between checks, 5 to 300.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds a check may take before it counts as failed, 2 to 60.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the container is unhealthy, 1 to 10.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Seconds after start during which failures do not count, 0 to 300.
   * @default no grace period
   */
  readonly startPeriodSeconds?: number;
}

/** Another container of the task that must reach `condition` before this one starts. */
export interface ContainerDependency {
  /** Name of the other container. */
  readonly containerName: string;
  /**
   * `START`: it has started. `HEALTHY`: its health check passes (it needs one). `COMPLETE` /
   * `SUCCESS`: it has exited (with 0 for SUCCESS); only for non-essential containers.
   */
  readonly condition: DependencyCondition;
}

/** One container of the task. */
export interface ContainerSpec {
  /** Container name: letters, digits, hyphens and underscores; also its log stream prefix. */
  readonly name: string;
  /** Image reference, ideally an ECR image pinned by digest or immutable tag. */
  readonly image: string;
  /**
   * Stop the whole task when this container stops.
   * @default true
   */
  readonly essential?: boolean;
  /**
   * Overrides the image's CMD.
   * @default the image's CMD
   */
  readonly command?: string[];
  /**
   * Plain, non-secret environment variables. Anything sensitive goes in `secrets`.
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Environment variable -> Secrets Manager `valueFrom`: a secret ARN, optionally followed by
   * `:<json-key>:<version-stage>:<version-id>` (e.g. `<arn>:password::`). Injected by ECS at
   * start; never written into `environment`.
   * @default none
   */
  readonly secrets?: Record<string, string>;
  /**
   * Container port (TCP) to map; with awsvpc the host port is the same.
   * @default no port mapping
   */
  readonly port?: number;
  /**
   * `uid`, `uid:gid`, `user` or `user:group` to run as. Root (`0`, `root`, `0:<gid>`,
   * `root:<group>`) is rejected.
   * @default "1000:1000"
   */
  readonly user?: string;
  /**
   * Absolute paths that get a writable, task-scoped volume (Fargate task storage, gone when the
   * task stops). The root filesystem is always read-only.
   * @default ["/tmp"]
   */
  readonly writablePaths?: string[];
  /**
   * Docker health check.
   * @default none
   */
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * Containers of this task that must reach a condition before this one starts.
   * @default none
   */
  readonly dependsOn?: ContainerDependency[];
  /**
   * Seconds between SIGTERM and SIGKILL, 2 to 120 (the Fargate maximum; Fargate Spot gives a
   * two-minute notice). Keep the target group's deregistration delay below it.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Soft memory limit (MiB) the scheduler reserves for this container; the sum over the task
   * may not exceed the task memory.
   * @default none (the container may use the task's memory)
   */
  readonly memoryReservationMiB?: number;
}

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

/** A container definition as registered with ECS (the JSON in `container_definitions`). */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly command?: string[];
  readonly environment?: { name: string; value: string }[];
  readonly secrets?: { name: string; valueFrom: string }[];
  readonly portMappings?: { containerPort: number; hostPort: number; protocol: 'tcp' }[];
  readonly user: string;
  readonly readonlyRootFilesystem: true;
  readonly privileged: false;
  readonly linuxParameters: { initProcessEnabled: true };
  readonly stopTimeout: number;
  readonly mountPoints?: { sourceVolume: string; containerPath: string; readOnly: false }[];
  readonly logConfiguration: { logDriver: 'awslogs'; options: Record<string, string> };
  readonly healthCheck?: {
    command: string[];
    interval: number;
    timeout: number;
    retries: number;
    startPeriod?: number;
  };
  readonly dependsOn?: { containerName: string; condition: DependencyCondition }[];
  readonly memoryReservation?: number;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WRITABLE_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/[a-z0-9._/-]+$/;
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+)/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;

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
    validateTask(props);
    this.family = family;
    this.executeCommandEnabled = props.enableExecuteCommand ?? false;
    const { accountId: account, partition, region } = awsContext(this);

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
        region,
        volumes,
        execPaths: this.executeCommandEnabled ? EXEC_AGENT_PATHS : [],
      }),
    );

    // Confused-deputy guard: only ECS tasks of this account and region may assume the roles.
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [`arn:${partition}:ecs:${region}:${account}:*`],
            },
          ],
        },
      ],
    });
    // IAM name_prefix takes at most 38 characters.
    const prefix = family.slice(0, 31);
    this.executionRole = new IamRole(this, 'execution-role', {
      namePrefix: `${prefix}-exec-`,
      description: `ECS starts ${family} tasks with it: image pull, logs, secrets`,
      assumeRolePolicy: trust.json,
    });
    this.taskRole = new IamRole(this, 'task-role', {
      namePrefix: `${prefix}-task-`,
      description: `The ${family} application runs with it`,
      assumeRolePolicy: trust.json,
    });

    const secretArns = resolveSecretArns(containers, props.secretArns);
    const execution = new DataAwsIamPolicyDocument(this, 'execution', {
      statement: executionStatements({
        imageRepositoryArns: props.imageRepositoryArns,
        logGroupArn: this.logGroup.arn,
        secretArns,
        secretsKmsKeyArn: props.secretsKmsKeyArn,
        region,
      }),
    });
    const executionPolicy = new IamRolePolicy(this, 'execution-policy', {
      role: this.executionRole.id,
      policy: execution.json,
    });

    const taskStatements = [...(props.taskPolicyStatements ?? [])];
    if (this.executeCommandEnabled) {
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
    const taskPolicies: IamRolePolicy[] = [];
    if (taskStatements.length > 0) {
      const task = new DataAwsIamPolicyDocument(this, 'task', { statement: taskStatements });
      taskPolicies.push(
        new IamRolePolicy(this, 'task-policy', { role: this.taskRole.id, policy: task.json }),
      );
    }

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

interface ContainerContext {
  readonly logGroupName: string;
  readonly region: string;
  readonly volumes: VolumeNames;
  readonly execPaths: readonly string[];
}

function containerDefinition(spec: ContainerSpec, context: ContainerContext): ContainerDefinition {
  const writable = unique(spec.writablePaths ?? ['/tmp']);
  const execOnly = context.execPaths.filter((path) => !writable.includes(path));
  const mountPoints = [
    ...writable.map((path) => ({
      sourceVolume: context.volumes.shared(path),
      containerPath: path,
      readOnly: false as const,
    })),
    // One volume per container: SSM agents of different containers must not share state.
    ...execOnly.map((path) => ({
      sourceVolume: context.volumes.own(spec.name, path),
      containerPath: path,
      readOnly: false as const,
    })),
  ];
  const environment = Object.entries(spec.environment ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(spec.secrets ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, valueFrom]) => ({ name, valueFrom }));
  const health = spec.healthCheck;
  return {
    name: spec.name,
    image: spec.image,
    essential: spec.essential ?? true,
    ...(spec.command ? { command: spec.command } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(spec.port !== undefined
      ? { portMappings: [{ containerPort: spec.port, hostPort: spec.port, protocol: 'tcp' }] }
      : {}),
    user: spec.user ?? '1000:1000',
    readonlyRootFilesystem: true,
    privileged: false,
    // An init process (PID 1) forwards signals and reaps zombies, e.g. ECS Exec sessions.
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: spec.stopTimeoutSeconds ?? 30,
    ...(mountPoints.length > 0 ? { mountPoints } : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': context.logGroupName,
        'awslogs-region': context.region,
        'awslogs-stream-prefix': spec.name,
      },
    },
    ...(health
      ? {
          healthCheck: {
            command: health.command,
            interval: health.intervalSeconds ?? 30,
            timeout: health.timeoutSeconds ?? 5,
            retries: health.retries ?? 3,
            ...(health.startPeriodSeconds !== undefined
              ? { startPeriod: health.startPeriodSeconds }
              : {}),
          },
        }
      : {}),
    ...(spec.dependsOn && spec.dependsOn.length > 0
      ? {
          dependsOn: spec.dependsOn.map((d) => ({
            containerName: d.containerName,
            condition: d.condition,
          })),
        }
      : {}),
    ...(spec.memoryReservationMiB !== undefined
      ? { memoryReservation: spec.memoryReservationMiB }
      : {}),
  };
}

/** Volume names: one per distinct writable path, one per container and Exec agent path. */
class VolumeNames {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  shared(path: string): string {
    return this.name(`path:${path}`, slug(path));
  }

  own(container: string, path: string): string {
    return this.name(`own:${container}:${path}`, `${container}-${slug(path)}`);
  }

  all(): string[] {
    return [...this.byKey.values()];
  }

  private name(key: string, base: string): string {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let name = base.slice(0, 250);
    for (let n = 2; this.taken.has(name); n++) name = `${base.slice(0, 250)}-${n}`;
    this.taken.add(name);
    this.byKey.set(key, name);
    return name;
  }
}

const slug = (path: string) => path.slice(1).replace(/[^A-Za-z0-9_-]/g, '-');

interface ExecutionGrants {
  readonly imageRepositoryArns: string[];
  readonly logGroupArn: string;
  readonly secretArns: string[];
  readonly secretsKmsKeyArn?: string;
  readonly region: string;
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
  if (grants.secretArns.length > 0) {
    statements.push({
      sid: 'ReadTheReferencedSecrets',
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: grants.secretArns,
    });
  }
  if (grants.secretsKmsKeyArn !== undefined) {
    statements.push({
      sid: 'DecryptSecretsThroughSecretsManager',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [grants.secretsKmsKeyArn],
      condition: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [`secretsmanager.${grants.region}.amazonaws.com`],
        },
      ],
    });
  }
  return statements;
}

/** The secret ARNs to grant: `explicit` when given, else those the containers reference. */
function resolveSecretArns(containers: ContainerSpec[], explicit?: string[]): string[] {
  const referenced = containers.flatMap((c) =>
    Object.entries(c.secrets ?? {}).map(([name, valueFrom]) => ({ c, name, valueFrom })),
  );
  const derived = referenced.map(({ c, name, valueFrom }) => {
    try {
      return secretArnOf(valueFrom);
    } catch (error) {
      throw new Error(
        `TaskDefinition: containers "${c.name}" secrets.${name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  });
  if (explicit !== undefined) {
    if (explicit.length === 0 || referenced.length === 0) {
      throw new Error(
        'TaskDefinition: secretArns must list the secrets the containers reference; leave it out when no container has secrets',
      );
    }
    for (const [i, arn] of derived.entries()) {
      const ref = referenced[i];
      if (arn && ref && !Token.isUnresolved(arn) && !explicit.includes(arn)) {
        throw new Error(
          `TaskDefinition: secretArns misses ${arn}, which container "${ref.c.name}" reads as ${ref.name}`,
        );
      }
    }
    return unique(explicit);
  }
  const unparsed = referenced.filter((_, i) => derived[i] === undefined);
  if (unparsed.length > 0) {
    const names = unparsed.map(({ c, name }) => `${c.name}.${name}`).join(', ');
    throw new Error(
      `TaskDefinition: cannot tell which secret ${names} reads from its Terraform expression; list the secret ARNs in secretArns`,
    );
  }
  return unique(derived.filter((arn): arn is string => arn !== undefined));
}

function validateTask(props: TaskDefinitionProps): void {
  const { family, cpu, memoryMiB, containers } = props;
  if (!NAME.test(family)) {
    throw new Error(
      `TaskDefinition: family "${family}" must be 1-255 letters, digits, hyphens or underscores`,
    );
  }
  if (!FARGATE_CPU_UNITS.includes(cpu)) {
    throw new Error(
      `TaskDefinition: cpu ${cpu} is not a Fargate size; use one of ${FARGATE_CPU_UNITS.join(', ')}`,
    );
  }
  if (!isFargateSize(cpu, memoryMiB)) {
    const choices = fargateMemoryChoices(cpu);
    throw new Error(
      `TaskDefinition: memoryMiB ${memoryMiB} does not fit cpu ${cpu} on Fargate; use ${choices[0]}-${choices[choices.length - 1]} (${choices.join(', ')})`,
    );
  }
  if (!Token.isUnresolved(props.logGroupName) && !LOG_GROUP_NAME.test(props.logGroupName)) {
    throw new Error(
      `TaskDefinition: logGroupName "${props.logGroupName}" must be 1-512 of letters, digits and . _ - / #`,
    );
  }
  if (!LOG_RETENTION_DAYS.includes(props.logRetentionDays)) {
    throw new Error(
      `TaskDefinition: logRetentionDays ${props.logRetentionDays} is not one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }
  for (const arn of props.imageRepositoryArns) {
    if (!Token.isUnresolved(arn) && !ECR_REPOSITORY_ARN.test(arn)) {
      throw new Error(
        `TaskDefinition: imageRepositoryArns has "${arn}", not an ECR repository ARN`,
      );
    }
  }
  const key = props.secretsKmsKeyArn;
  if (key !== undefined && !Token.isUnresolved(key) && !KMS_KEY_ARN.test(key)) {
    throw new Error(
      `TaskDefinition: secretsKmsKeyArn "${key}" must be a KMS key ARN (arn:...:key/<id>; alias ARNs do not authorize kms:Decrypt)`,
    );
  }
  if (key !== undefined && !containers.some((c) => Object.keys(c.secrets ?? {}).length > 0)) {
    throw new Error('TaskDefinition: secretsKmsKeyArn is set but no container has secrets');
  }
  for (const [i, statement] of (props.taskPolicyStatements ?? []).entries()) {
    const wildcard = (statement.actions ?? []).find((a) => a === '*' || a.endsWith(':*'));
    if (wildcard) {
      throw new Error(
        `TaskDefinition: taskPolicyStatements[${i}] allows "${wildcard}"; list the actions the application needs`,
      );
    }
    if (statement.notActions && (statement.effect ?? 'Allow') === 'Allow') {
      throw new Error(
        `TaskDefinition: taskPolicyStatements[${i}] uses notActions with Allow, which grants everything else`,
      );
    }
  }
  validateContainers(props);
}

function validateContainers(props: TaskDefinitionProps): void {
  const { containers, memoryMiB } = props;
  if (containers.length === 0) {
    throw new Error('TaskDefinition: containers must have at least one container');
  }
  const names = containers.map((c) => c.name);
  const byName = new Map(containers.map((c) => [c.name, c]));
  if (!containers.some((c) => c.essential ?? true)) {
    throw new Error('TaskDefinition: containers must include at least one essential container');
  }
  let reserved = 0;
  for (const c of containers) {
    const at = `TaskDefinition: containers "${c.name}"`;
    if (!NAME.test(c.name)) {
      throw new Error(
        `TaskDefinition: containers name "${c.name}" must be 1-255 letters, digits, hyphens or underscores`,
      );
    }
    if (names.indexOf(c.name) !== names.lastIndexOf(c.name)) {
      throw new Error(`${at}: container names must be unique`);
    }
    if (c.image.trim() === '') throw new Error(`${at}: image is empty`);
    const user = c.user ?? '1000:1000';
    const uid = user.split(':')[0] ?? '';
    if (uid === '' || uid === '0' || uid === 'root') {
      throw new Error(`${at}: user "${user}" runs as root; use a non-root uid such as "1000:1000"`);
    }
    if (c.port !== undefined && (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535)) {
      throw new Error(`${at}: port must be a TCP port from 1 to 65535, got ${c.port}`);
    }
    const stop = c.stopTimeoutSeconds ?? 30;
    if (!Number.isInteger(stop) || stop < 2 || stop > 120) {
      throw new Error(
        `${at}: stopTimeoutSeconds must be a whole number from 2 to 120 (Fargate maximum), got ${stop}`,
      );
    }
    for (const path of c.writablePaths ?? []) {
      if (!WRITABLE_PATH.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
        throw new Error(
          `${at}: writablePaths has "${path}"; use absolute paths without "." or ".." segments or a trailing slash, not "/"`,
        );
      }
    }
    const env = Object.keys(c.environment ?? {});
    const secrets = Object.keys(c.secrets ?? {});
    for (const name of [...env, ...secrets]) {
      if (!ENV_NAME.test(name)) {
        throw new Error(`${at}: "${name}" is not a valid environment variable name`);
      }
    }
    const both = env.filter((name) => secrets.includes(name));
    if (both.length > 0) {
      throw new Error(`${at}: ${both.join(', ')} is in both environment and secrets`);
    }
    validateImage(c, props.imageRepositoryArns, at);
    validateHealthCheck(c.healthCheck, at);
    for (const dependency of c.dependsOn ?? []) {
      const target = byName.get(dependency.containerName);
      if (!target || target === c) {
        throw new Error(
          `${at}: dependsOn names "${dependency.containerName}", which is not another container of the task`,
        );
      }
      if (!DEPENDENCY_CONDITIONS.includes(dependency.condition)) {
        throw new Error(
          `${at}: dependsOn condition "${String(dependency.condition)}" is not one of ${DEPENDENCY_CONDITIONS.join(', ')}`,
        );
      }
      if (dependency.condition === 'HEALTHY' && !target.healthCheck) {
        throw new Error(
          `${at}: dependsOn "${target.name}" HEALTHY needs a healthCheck on "${target.name}"`,
        );
      }
      if (
        (dependency.condition === 'COMPLETE' || dependency.condition === 'SUCCESS') &&
        (target.essential ?? true)
      ) {
        throw new Error(
          `${at}: dependsOn "${target.name}" ${dependency.condition} needs "${target.name}" to be non-essential`,
        );
      }
    }
    const reservation = c.memoryReservationMiB;
    if (reservation !== undefined) {
      if (!Number.isInteger(reservation) || reservation < 6 || reservation > memoryMiB) {
        throw new Error(
          `${at}: memoryReservationMiB must be a whole number from 6 to the task's ${memoryMiB}, got ${reservation}`,
        );
      }
      reserved += reservation;
    }
  }
  if (reserved > memoryMiB) {
    throw new Error(
      `TaskDefinition: containers reserve ${reserved} MiB (memoryReservationMiB), more than memoryMiB ${memoryMiB}`,
    );
  }
}

/** A literal private-ECR image must come from one of the literal repositories granted. */
function validateImage(c: ContainerSpec, repositoryArns: string[], at: string): void {
  const match = ECR_IMAGE.exec(c.image);
  if (
    !match ||
    Token.isUnresolved(c.image) ||
    repositoryArns.some((arn) => Token.isUnresolved(arn))
  )
    return;
  const [, account, region, repository] = match;
  const granted = repositoryArns.some((arn) =>
    arn.endsWith(`:ecr:${region}:${account}:repository/${repository}`),
  );
  if (!granted) {
    throw new Error(
      `${at}: image ${c.image} is in ECR repository ${repository}, which imageRepositoryArns does not list`,
    );
  }
}

function validateHealthCheck(health: ContainerHealthCheck | undefined, at: string): void {
  if (!health) return;
  const [kind] = health.command;
  if ((kind !== 'CMD' && kind !== 'CMD-SHELL') || health.command.length < 2) {
    throw new Error(
      `${at}: healthCheck.command must start with "CMD" or "CMD-SHELL" followed by the command`,
    );
  }
  const ranges: [keyof ContainerHealthCheck, number, number][] = [
    ['intervalSeconds', 5, 300],
    ['timeoutSeconds', 2, 60],
    ['retries', 1, 10],
    ['startPeriodSeconds', 0, 300],
  ];
  for (const [field, min, max] of ranges) {
    const value = health[field] as number | undefined;
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new Error(
        `${at}: healthCheck.${field} must be a whole number from ${min} to ${max}, got ${value}`,
      );
    }
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
