import {
  dataSourceFor,
  onlyResource,
  referenceTo,
  resourcesOf,
  type TerraformBlock,
} from '../testing';
import { EXEC_AGENT_PATHS } from './task-volumes';
import {
  allDocuments,
  api,
  API_KEY_SECRET,
  containersOf,
  DB_SECRET,
  policyOf,
  PROXY_REPO,
  REPO,
  SECRETS_KEY,
  synth,
  withAction,
} from './task-definition-fixture';

describe('TaskDefinition', () => {
  const json = synth();

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
});
