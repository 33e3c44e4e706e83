import { Fn, Token } from 'cdktf';
import type { Construct } from 'constructs';
import {
  dataSourceFor,
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  type TerraformBlock,
  type TerraformJson,
  decodeJsonencode,
} from '../testing';
import { fargateMemoryChoices, isFargateSize } from './fargate-size';
import { secretArnOf } from './secret-arn';
import {
  EXEC_AGENT_PATHS,
  TaskDefinition,
  type ContainerSpec,
  type TaskDefinitionProps,
} from './task-definition';

const ACCOUNT = '111122223333';
const REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/skyport/api`;
const PROXY_REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/skyport/proxy`;
const DB_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:skyport/dev/db-AbCdEf`;
const API_KEY_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:skyport/dev/api-key-XyZ123`;
const SECRETS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const api: ContainerSpec = {
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
const proxy: ContainerSpec = {
  name: 'proxy',
  image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/skyport/proxy:4d5e6f7`,
  user: '101:101',
  stopTimeoutSeconds: 110,
  dependsOn: [{ containerName: 'api', condition: 'HEALTHY' }],
};

const baseProps: TaskDefinitionProps = {
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

const synth = (props: Partial<TaskDefinitionProps> = {}) =>
  synthConstructs((scope) => {
    new TaskDefinition(scope, 'api', { ...baseProps, ...props });
  });

/** The container definitions exactly as Terraform receives them. */
const containersOf = (json: TerraformJson) =>
  decodeJsonencode(
    onlyResource(json, 'aws_ecs_task_definition').container_definitions,
  ) as TerraformBlock[];

const roleRef = (json: TerraformJson, role: string) =>
  ref('aws_iam_role', resourceAt(json, 'aws_iam_role', role), 'arn');

/** Statements of the inline policy attached to one role. */
function policyOf(json: TerraformJson, role: string): TerraformBlock[] {
  const roleId = ref('aws_iam_role', resourceAt(json, 'aws_iam_role', role), 'id');
  const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy')).filter(
    (policy) => policy.role === roleId,
  );
  return attached.flatMap(
    (policy) => dataSourceFor(json, policy.policy).statement as TerraformBlock[],
  );
}

const withAction = (statements: TerraformBlock[], action: string) =>
  statements.filter((s) => (s.actions as string[]).includes(action));

const allDocuments = (json: TerraformJson) =>
  Object.values(json.data?.aws_iam_policy_document ?? {}).flatMap(
    (doc) => doc.statement as TerraformBlock[],
  );

describe('TaskDefinition', () => {
  const json = synth();
  const containers = containersOf(json);

  it('registers a Fargate task on ARM64 Linux with awsvpc networking and the given size', () => {
    expect(onlyResource(json, 'aws_ecs_task_definition')).toMatchObject({
      family: 'skyport-dev-api',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      runtime_platform: { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
      cpu: '512',
      memory: '1024',
    });
  });

  it('hands Terraform the container definitions as jsonencode of a value, so references are escaped and the HCL rendering parses', () => {
    const definitions = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(definitions).toMatch(/^\$\{jsonencode\(\[\{"name" = "api", /);
    // A reference sits in the value as an expression, not spliced into JSON text.
    expect(definitions).toContain('"awslogs-region" = data.aws_region.');
  });

  it('keeps quotes, backslashes and template characters of container strings as given', () => {
    const command = 'pg_isready -U "$POSTGRES_USER" && echo \\ ${HOME} %{x}';
    const [container] = containersOf(
      synth({
        containers: [{ ...api, healthCheck: { command: ['CMD-SHELL', command] } }],
      }),
    );
    expect((container?.healthCheck as { command: string[] }).command).toEqual([
      'CMD-SHELL',
      command,
    ]);
  });

  it('runs every container with a read-only root filesystem, unprivileged, as a non-root user, with an init process', () => {
    expect(containers.map((c) => c.name)).toEqual(['api', 'proxy']);
    for (const container of containers) {
      expect(container).toMatchObject({
        readonlyRootFilesystem: true,
        privileged: false,
        linuxParameters: { initProcessEnabled: true },
      });
      expect(container.user).not.toMatch(/^(0|root)(:|$)/);
    }
    expect(containers.map((c) => c.user)).toEqual(['1000:1000', '101:101']);
  });

  it.each(['0', 'root', '0:0', 'root:root', '0:1000'])(
    'refuses to run a container as %s',
    (user) => {
      expect(() => synth({ containers: [{ ...api, user }] })).toThrow(
        `TaskDefinition: containers "api": user "${user}" runs as root`,
      );
    },
  );

  it('mounts a task-scoped volume at each writable path (/tmp by default), one volume per distinct path', () => {
    const task = onlyResource(json, 'aws_ecs_task_definition');
    expect(task.volume).toEqual([{ name: 'tmp' }, { name: 'app--cache' }]);
    expect(containers[0]?.mountPoints).toEqual([
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
      { sourceVolume: 'app--cache', containerPath: '/app/.cache', readOnly: false },
    ]);
    expect(containers[1]?.mountPoints).toEqual([
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
    ]);
  });

  it('leaves a container with no writable paths entirely read-only', () => {
    const sealed = synth({ containers: [{ ...api, writablePaths: [] }] });
    expect(containersOf(sealed)[0]?.mountPoints).toBeUndefined();
    expect(onlyResource(sealed, 'aws_ecs_task_definition').volume).toBeUndefined();
  });

  it('passes secrets as valueFrom references, never as environment values', () => {
    const [main] = containers;
    expect(main?.secrets).toEqual([
      { name: 'API_KEY', valueFrom: API_KEY_SECRET },
      { name: 'DB_PASSWORD', valueFrom: `${DB_SECRET}:password::` },
      { name: 'DB_USER', valueFrom: `${DB_SECRET}:username::` },
    ]);
    expect(main?.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'NODE_ENV', value: 'production' },
    ]);
    const plain = JSON.stringify(containers.map((c) => c.environment ?? []));
    expect(plain).not.toContain('secretsmanager');
    expect(() => synth({ containers: [{ ...api, environment: { DB_PASSWORD: 'x' } }] })).toThrow(
      'TaskDefinition: containers "api": DB_PASSWORD is in both environment and secrets',
    );
  });

  it('sends every container’s output to one encrypted log group with retention, prefixed by its name', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({
      name: '/skyport/dev/api',
      retention_in_days: 30,
      kms_key_id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`,
    });
    const group = referenceTo(json, 'aws_cloudwatch_log_group', 'name');
    for (const container of containers) {
      expect(container.logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: {
          'awslogs-group': group,
          'awslogs-region': expect.stringMatching(/^\$\{data\.aws_region\.[\w-]+\.region\}$/),
          'awslogs-stream-prefix': container.name,
        },
      });
    }
  });

  it('sets stop timeouts, port mapping, health check and start order per container', () => {
    const [main, sidecar] = containers;
    expect(main).toMatchObject({
      essential: true,
      stopTimeout: 30,
      portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
      healthCheck: {
        command: ['CMD', '/app/healthcheck'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 20,
      },
    });
    expect(sidecar).toMatchObject({
      stopTimeout: 110,
      dependsOn: [{ containerName: 'api', condition: 'HEALTHY' }],
    });
    expect(sidecar?.portMappings).toBeUndefined();
  });

  it('starts tasks with an execution role distinct from the application’s task role', () => {
    const task = onlyResource(json, 'aws_ecs_task_definition');
    expect(task.execution_role_arn).toBe(roleRef(json, 'execution-role'));
    expect(task.task_role_arn).toBe(roleRef(json, 'task-role'));
    expect(task.execution_role_arn).not.toBe(task.task_role_arn);
    expect(task.depends_on).toEqual([
      `aws_iam_role_policy.${resourceAt(json, 'aws_iam_role_policy', 'execution-policy').name}`,
    ]);
  });

  it('lets both roles be assumed only by ECS tasks of this account and region', () => {
    for (const role of Object.values(resourcesOf(json, 'aws_iam_role'))) {
      const statements = dataSourceFor(json, role.assume_role_policy).statement as TerraformBlock[];
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
      });
      expect(statements[0]?.condition).toEqual([
        {
          test: 'StringEquals',
          variable: 'aws:SourceAccount',
          values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/)],
        },
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [
            expect.stringMatching(
              /^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ecs:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:\*$/,
            ),
          ],
        },
      ]);
    }
  });

  describe('execution role', () => {
    const statements = policyOf(json, 'execution-role');

    it('pulls images only from the given repositories', () => {
      const pull = [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
      ];
      for (const action of pull) {
        expect(withAction(statements, action)).toEqual([
          expect.objectContaining({ effect: 'Allow', resources: [REPO, PROXY_REPO] }),
        ]);
      }
      expect(withAction(statements, 'ecr:GetAuthorizationToken')).toEqual([
        expect.objectContaining({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      ]);
    });

    it('writes only to its own log group', () => {
      const group = referenceTo(json, 'aws_cloudwatch_log_group', 'arn');
      expect(withAction(statements, 'logs:PutLogEvents')).toEqual([
        expect.objectContaining({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [group, `${group}:log-stream:*`],
        }),
      ]);
      expect(
        statements.flatMap((s) => s.actions as string[]).filter((a) => a.startsWith('logs:')),
      ).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    });

    it('reads exactly the secrets the containers reference, without their JSON-key suffix', () => {
      expect(withAction(statements, 'secretsmanager:GetSecretValue')).toEqual([
        expect.objectContaining({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [DB_SECRET, API_KEY_SECRET],
        }),
      ]);
    });

    it('decrypts the secrets key only through Secrets Manager in this region', () => {
      expect(withAction(statements, 'kms:Decrypt')).toEqual([
        {
          sid: 'DecryptSecretsThroughSecretsManager',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [SECRETS_KEY],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [
                expect.stringMatching(
                  /^secretsmanager\.\$\{data\.aws_region\.[\w-]+\.region\}\.amazonaws\.com$/,
                ),
              ],
            },
          ],
        },
      ]);
    });

    it('has no secrets or KMS statement when no container reads a secret', () => {
      const plain = synth({
        containers: [{ ...api, secrets: undefined }],
        secretsKmsKeyArn: undefined,
      });
      const actions = policyOf(plain, 'execution-role').flatMap((s) => s.actions as string[]);
      expect(actions).not.toContain('secretsmanager:GetSecretValue');
      expect(actions).not.toContain('kms:Decrypt');
    });
  });

  describe('task role', () => {
    const s3Read = {
      sid: 'ReadUploads',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::skyport-dev-uploads/*'],
    };

    it('has no policy at all unless the application needs one', () => {
      expect(policyOf(json, 'task-role')).toEqual([]);
    });

    it('gets exactly the given statements', () => {
      const withApp = synth({ taskPolicyStatements: [s3Read] });
      expect(policyOf(withApp, 'task-role')).toEqual([expect.objectContaining(s3Read)]);
    });

    it('gets the ECS Exec channels and the agent gets writable paths in every container when Exec is enabled', () => {
      const exec = synth({ taskPolicyStatements: [s3Read], enableExecuteCommand: true });
      expect(policyOf(exec, 'task-role')).toEqual([
        expect.objectContaining(s3Read),
        expect.objectContaining({
          actions: [
            'ssmmessages:CreateControlChannel',
            'ssmmessages:CreateDataChannel',
            'ssmmessages:OpenControlChannel',
            'ssmmessages:OpenDataChannel',
          ],
          resources: ['*'],
        }),
      ]);
      for (const container of containersOf(exec)) {
        const paths = (container.mountPoints as TerraformBlock[]).map((m) => m.containerPath);
        expect(paths).toEqual(expect.arrayContaining([...EXEC_AGENT_PATHS]));
        expect(container.readonlyRootFilesystem).toBe(true);
      }
      const volumes = (
        onlyResource(exec, 'aws_ecs_task_definition').volume as TerraformBlock[]
      ).map((v) => v.name);
      expect(new Set(volumes).size).toBe(volumes.length);
      expect(volumes).toEqual(
        expect.arrayContaining(['api-var-lib-amazon-ssm', 'proxy-var-lib-amazon-ssm']),
      );
    });
  });

  it('has no IAM document with a * action, and * resources only for actions AWS cannot scope', () => {
    const everything = synth({
      enableExecuteCommand: true,
      taskPolicyStatements: [
        { actions: ['sqs:ReceiveMessage'], resources: ['arn:aws:sqs:eu-west-1:111122223333:jobs'] },
      ],
    });
    const unscopable = new Set([
      'ecr:GetAuthorizationToken',
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
    for (const statement of allDocuments(everything)) {
      const actions = statement.actions as string[];
      expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
      expect(statement.not_actions).toBeUndefined();
      if ((statement.resources as string[] | undefined)?.includes('*')) {
        expect(actions.every((a) => unscopable.has(a))).toBe(true);
      }
    }
  });

  describe('secret ARNs behind Terraform expressions', () => {
    const tokenSecret = (scope: Construct) =>
      Token.asString(Fn.lookup({ arn: DB_SECRET }, 'arn', scope.node.id));

    it('grants the secret behind a whole-token or token:<json-key>:: valueFrom', () => {
      const out = synthConstructs((scope) => {
        const arn = tokenSecret(scope);
        new TaskDefinition(scope, 'api', {
          ...baseProps,
          containers: [{ ...api, secrets: { DB_PASSWORD: `${arn}:password::`, DB_URL: arn } }],
        });
      });
      const [grant] = withAction(policyOf(out, 'execution-role'), 'secretsmanager:GetSecretValue');
      expect(grant?.resources).toEqual([expect.stringMatching(/^\$\{lookup\(/)]);
    });

    it('asks for secretArns when a valueFrom cannot be split, and then grants exactly that list', () => {
      const build = (secretArns?: string[]) =>
        synthConstructs((scope) => {
          const mixed = `${tokenSecret(scope)}-${tokenSecret(scope)}`;
          new TaskDefinition(scope, 'api', {
            ...baseProps,
            containers: [{ ...api, secrets: { DB_PASSWORD: mixed } }],
            secretArns,
          });
        });
      expect(() => build()).toThrow(
        'TaskDefinition: cannot tell which secret api.DB_PASSWORD reads from its Terraform expression; list the secret ARNs in secretArns',
      );
      const [grant] = withAction(
        policyOf(build([DB_SECRET]), 'execution-role'),
        'secretsmanager:GetSecretValue',
      );
      expect(grant?.resources).toEqual([DB_SECRET]);
    });

    it('refuses a secretArns list that misses a secret a container reads', () => {
      expect(() => synth({ secretArns: [DB_SECRET] })).toThrow(
        `TaskDefinition: secretArns misses ${API_KEY_SECRET}, which container "api" reads as API_KEY`,
      );
    });
  });

  it.each<[string, Partial<TaskDefinitionProps>, string | RegExp]>([
    [
      '256 CPU with 4096 MiB',
      { cpu: 256, memoryMiB: 4096 },
      'TaskDefinition: memoryMiB 4096 does not fit cpu 256 on Fargate; use 512-2048 (512, 1024, 2048)',
    ],
    ['a CPU value Fargate lacks', { cpu: 300 }, /TaskDefinition: cpu 300 is not a Fargate size/],
    [
      '2048 CPU with 3072 MiB',
      { cpu: 2048, memoryMiB: 3072 },
      /memoryMiB 3072 does not fit cpu 2048/,
    ],
    [
      'a stop timeout above 120 s',
      { containers: [{ ...api, stopTimeoutSeconds: 121 }] },
      'TaskDefinition: containers "api": stopTimeoutSeconds must be a whole number from 2 to 120 (Fargate maximum), got 121',
    ],
    [
      'a stop timeout below 2 s',
      { containers: [{ ...api, stopTimeoutSeconds: 1 }] },
      /stopTimeoutSeconds must be a whole number from 2 to 120/,
    ],
    [
      '"/" as a writable path',
      { containers: [{ ...api, writablePaths: ['/'] }] },
      /writablePaths has "\/"/,
    ],
    [
      'a relative writable path',
      { containers: [{ ...api, writablePaths: ['tmp'] }] },
      /writablePaths has "tmp"/,
    ],
    [
      'a writable path escaping with ..',
      { containers: [{ ...api, writablePaths: ['/tmp/../etc'] }] },
      /writablePaths has "\/tmp\/..\/etc"/,
    ],
    [
      'HEALTHY on a container without a health check',
      { containers: [{ ...api, healthCheck: undefined }, proxy] },
      'TaskDefinition: containers "proxy": dependsOn "api" HEALTHY needs a healthCheck on "api"',
    ],
    [
      'a dependency on an unknown container',
      {
        containers: [{ ...proxy, dependsOn: [{ containerName: 'db', condition: 'START' }] }],
        secretsKmsKeyArn: undefined,
      },
      /dependsOn names "db", which is not another container/,
    ],
    [
      'COMPLETE on an essential container',
      {
        containers: [
          api,
          { ...proxy, dependsOn: [{ containerName: 'api', condition: 'COMPLETE' }] },
        ],
      },
      /dependsOn "api" COMPLETE needs "api" to be non-essential/,
    ],
    [
      'a health check without CMD',
      { containers: [{ ...api, healthCheck: { command: ['curl', 'localhost'] } }] },
      /healthCheck.command must start with "CMD" or "CMD-SHELL"/,
    ],
    [
      'a health check timeout above 60 s',
      {
        containers: [
          { ...api, healthCheck: { command: ['CMD-SHELL', 'true'], timeoutSeconds: 61 } },
        ],
      },
      /healthCheck.timeoutSeconds must be a whole number from 2 to 60, got 61/,
    ],
    [
      'duplicate container names',
      { containers: [api, { ...proxy, name: 'api', dependsOn: undefined }] },
      /container names must be unique/,
    ],
    [
      'no essential container',
      { containers: [{ ...api, essential: false }] },
      'TaskDefinition: containers must include at least one essential container',
    ],
    [
      'reservations above the task memory',
      {
        containers: [
          { ...api, memoryReservationMiB: 768 },
          { ...proxy, memoryReservationMiB: 512 },
        ],
      },
      'TaskDefinition: containers reserve 1280 MiB (memoryReservationMiB), more than memoryMiB 1024',
    ],
    [
      'a retention CloudWatch does not offer',
      { logRetentionDays: 10 },
      /TaskDefinition: logRetentionDays 10 is not one of 1, 3, 5/,
    ],
    [
      'an image from a repository not granted',
      { imageRepositoryArns: [REPO] },
      'TaskDefinition: containers "proxy": image 111122223333.dkr.ecr.eu-west-1.amazonaws.com/skyport/proxy:4d5e6f7 is in ECR repository skyport/proxy, which imageRepositoryArns does not list',
    ],
    [
      'a repository that is not an ECR ARN',
      { imageRepositoryArns: ['skyport/api'] },
      'TaskDefinition: imageRepositoryArns has "skyport/api", not an ECR repository ARN',
    ],
    [
      'a KMS alias as the secrets key',
      { secretsKmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/secrets` },
      /secretsKmsKeyArn ".*alias\/secrets" must be a KMS key ARN/,
    ],
    [
      'a secrets key without secrets',
      { containers: [{ ...api, secrets: undefined }] },
      'TaskDefinition: secretsKmsKeyArn is set but no container has secrets',
    ],
    [
      'a secret that is a Parameter Store ARN',
      { containers: [{ ...api, secrets: { X: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/x` } }] },
      /containers "api" secrets.X: "arn:aws:ssm:.*" is not a Secrets Manager secret ARN/,
    ],
    [
      'a * action for the application',
      { taskPolicyStatements: [{ actions: ['s3:*'], resources: ['*'] }] },
      'TaskDefinition: taskPolicyStatements[0] allows "s3:*"; list the actions the application needs',
    ],
    [
      'notActions with Allow',
      { taskPolicyStatements: [{ notActions: ['iam:PassRole'], resources: ['*'] }] },
      /taskPolicyStatements\[0\] uses notActions with Allow/,
    ],
    [
      'a family with spaces',
      { family: 'skyport dev' },
      /TaskDefinition: family "skyport dev" must be 1-255 letters/,
    ],
  ])('rejects %s with a message naming the prop', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('secretArnOf', () => {
  it.each([
    ['a plain secret ARN', DB_SECRET],
    ['a JSON key', `${DB_SECRET}:password::`],
    ['a JSON key and a version stage', `${DB_SECRET}:password:AWSPREVIOUS:`],
    ['a version stage only', `${DB_SECRET}::AWSCURRENT:`],
  ])('reads the secret ARN out of a valueFrom with %s', (_, valueFrom) => {
    expect(secretArnOf(valueFrom)).toBe(DB_SECRET);
  });

  it.each([
    ['a secret name', 'skyport/dev/db'],
    ['a Parameter Store ARN', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/db`],
    ['a JSON key without stage and id fields', `${DB_SECRET}:password`],
  ])('rejects %s', (_, valueFrom) => {
    expect(() => secretArnOf(valueFrom)).toThrow(/is not a Secrets Manager secret ARN/);
  });
});

describe('Fargate sizes', () => {
  it('follows the Fargate CPU/memory table', () => {
    expect(fargateMemoryChoices(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryChoices(1024)).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    expect(fargateMemoryChoices(2048)).toHaveLength(13);
    expect(fargateMemoryChoices(8192)).toEqual([
      16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440,
    ]);
    expect(fargateMemoryChoices(16384).at(-1)).toBe(122880);
    expect(isFargateSize(256, 4096)).toBe(false);
    expect(isFargateSize(4096, 30720)).toBe(true);
    expect(isFargateSize(4096, 31744)).toBe(false);
  });
});
