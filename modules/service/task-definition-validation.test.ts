import type { TaskDefinitionProps } from './task-definition';
import { ACCOUNT, api, proxy, REPO, synth } from './task-definition-fixture';

describe('TaskDefinition', () => {
  it.each<[string, Partial<TaskDefinitionProps>, string | RegExp]>([
    [
      '256 CPU with 4096 MiB',
      { cpu: 256, memoryMiB: 4096 },
      '[stack/api] memoryMiB: 4096 does not pair with 256 CPU units on Fargate; use one of 512, 1024, 2048',
    ],
    [
      'a CPU value Fargate lacks',
      { cpu: 300 },
      /\[stack\/api\] cpu: 300 is not a Fargate CPU size; use one of 256, 512/,
    ],
    [
      '2048 CPU with 3072 MiB',
      { cpu: 2048, memoryMiB: 3072 },
      /memoryMiB: 3072 does not pair with 2048 CPU units/,
    ],
    [
      'a stop timeout above 120 s',
      { containers: [{ ...api, stopTimeoutSeconds: 121 }] },
      '[stack/api] containers "api" stopTimeoutSeconds: 121 is out of range; use a whole number from 2 to 120 (the Fargate maximum is 120)',
    ],
    [
      'a stop timeout below 2 s',
      { containers: [{ ...api, stopTimeoutSeconds: 1 }] },
      /stopTimeoutSeconds: 1 is out of range; use a whole number from 2 to 120/,
    ],
    [
      '"/" as a writable path',
      { containers: [{ ...api, writablePaths: ['/'] }] },
      /containers "api" writablePaths: has "\/"/,
    ],
    [
      'a relative writable path',
      { containers: [{ ...api, writablePaths: ['tmp'] }] },
      /writablePaths: has "tmp"/,
    ],
    [
      'a writable path escaping with ..',
      { containers: [{ ...api, writablePaths: ['/tmp/../etc'] }] },
      /writablePaths: has "\/tmp\/..\/etc"/,
    ],
    [
      'HEALTHY on a container without a health check',
      { containers: [{ ...api, healthCheck: undefined }, proxy] },
      '[stack/api] containers "proxy" dependsOn: "api" HEALTHY needs a healthCheck on "api"',
    ],
    [
      'a dependency on an unknown container',
      {
        containers: [{ ...proxy, dependsOn: [{ containerName: 'db', condition: 'START' }] }],
        secretsKmsKeyArn: undefined,
      },
      /dependsOn: names "db", which is not another container/,
    ],
    [
      'COMPLETE on an essential container',
      {
        containers: [
          api,
          { ...proxy, dependsOn: [{ containerName: 'api', condition: 'COMPLETE' }] },
        ],
      },
      /dependsOn: "api" COMPLETE needs "api" to be non-essential/,
    ],
    [
      'a health check without CMD',
      { containers: [{ ...api, healthCheck: { command: ['curl', 'localhost'] } }] },
      /healthCheck.command: must start with "CMD" or "CMD-SHELL"/,
    ],
    [
      'a health check timeout above 60 s',
      {
        containers: [
          { ...api, healthCheck: { command: ['CMD-SHELL', 'true'], timeoutSeconds: 61 } },
        ],
      },
      /healthCheck.timeoutSeconds: 61 is out of range; use a whole number from 2 to 60/,
    ],
    [
      'duplicate container names',
      { containers: [api, { ...proxy, name: 'api', dependsOn: undefined }] },
      /containers "api" name: is used by another container; container names must be unique/,
    ],
    [
      'no essential container',
      { containers: [{ ...api, essential: false }] },
      '[stack/api] containers: has no essential container; mark at least one essential',
    ],
    [
      'reservations above the task memory',
      {
        containers: [
          { ...api, memoryReservationMiB: 768 },
          { ...proxy, memoryReservationMiB: 512 },
        ],
      },
      '[stack/api] containers: reserve 1280 MiB (memoryReservationMiB), more than memoryMiB 1024',
    ],
    [
      'a retention CloudWatch does not offer',
      { logRetentionDays: 10 },
      /\[stack\/api\] logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5/,
    ],
    [
      'an image from a repository not granted',
      { imageRepositoryArns: [REPO] },
      '[stack/api] containers "proxy" image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/skyport/proxy:4d5e6f7 is in ECR repository skyport/proxy, which imageRepositoryArns does not list',
    ],
    [
      'a repository that is not an ECR ARN',
      { imageRepositoryArns: ['skyport/api'] },
      '[stack/api] imageRepositoryArns: "skyport/api" must be an ECR repository ARN',
    ],
    [
      'a KMS alias as the secrets key',
      { secretsKmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/secrets` },
      /secretsKmsKeyArn: ".*alias\/secrets" must be a KMS key ARN/,
    ],
    [
      'a secrets key without secrets',
      { containers: [{ ...api, secrets: undefined }] },
      '[stack/api] secretsKmsKeyArn: is set but no container has secrets',
    ],
    [
      'a secret that is a Parameter Store ARN',
      { containers: [{ ...api, secrets: { X: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/x` } }] },
      /containers "api" secrets.X: "arn:aws:ssm:.*" is not a Secrets Manager secret ARN/,
    ],
    [
      'a * action for the application',
      { taskPolicyStatements: [{ actions: ['s3:*'], resources: ['*'] }] },
      '[stack/api] taskPolicyStatements[0]: allows "s3:*"; list the actions the application needs',
    ],
    [
      'notActions with Allow',
      { taskPolicyStatements: [{ notActions: ['iam:PassRole'], resources: ['*'] }] },
      /taskPolicyStatements\[0\]: uses notActions with Allow/,
    ],
    [
      'a family with spaces',
      { family: 'skyport dev' },
      /\[stack\/api\] family: "skyport dev" must be 1-255 letters/,
    ],
  ])('rejects %s with a message naming the construct and the prop', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() =>
      synth({
        family: 'skyport dev',
        cpu: 256,
        memoryMiB: 4096,
        containers: [{ ...api, stopTimeoutSeconds: 121 }, proxy],
        taskPolicyStatements: [{ actions: ['s3:*'], resources: ['*'] }],
      }),
    ).toThrow(
      '[stack/api] family: "skyport dev" must be 1-255 letters, digits, hyphens or underscores\n' +
        '[stack/api] memoryMiB: 4096 does not pair with 256 CPU units on Fargate; use one of 512, 1024, 2048\n' +
        '[stack/api] taskPolicyStatements[0]: allows "s3:*"; list the actions the application needs\n' +
        '[stack/api] containers "api" stopTimeoutSeconds: 121 is out of range; use a whole number from 2 to 120 (the Fargate maximum is 120)',
    );
  });
});
