import { Token } from 'cdktf';
import type { Problems } from '../validation/problems';
import {
  DEPENDENCY_CONDITIONS,
  type ContainerHealthCheck,
  type ContainerSpec,
} from './container-definitions';
import type { TaskDefinitionProps } from './task-definition';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WRITABLE_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/[a-z0-9._/-]+$/;
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+)/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;

/** Reports every prop of a TaskDefinition that ECS, IAM or our hardening would refuse. */
export function validateTaskDefinition(p: Problems, props: TaskDefinitionProps): void {
  const { containers } = props;
  p.ecsName('family', props.family);
  p.fargateSize(props.cpu, props.memoryMiB);
  if (!Token.isUnresolved(props.logGroupName)) {
    p.matches(
      'logGroupName',
      props.logGroupName,
      LOG_GROUP_NAME,
      '1-512 of letters, digits and . _ - / #',
    );
  }
  p.logRetentionDays('logRetentionDays', props.logRetentionDays);
  for (const arn of props.imageRepositoryArns) {
    if (!Token.isUnresolved(arn)) {
      p.matches(
        'imageRepositoryArns',
        arn,
        ECR_REPOSITORY_ARN,
        'an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)',
      );
    }
  }
  const key = props.secretsKmsKeyArn;
  if (key !== undefined && !Token.isUnresolved(key)) {
    p.matches(
      'secretsKmsKeyArn',
      key,
      KMS_KEY_ARN,
      'a KMS key ARN (arn:...:key/<id>; alias ARNs do not authorize kms:Decrypt)',
    );
  }
  if (key !== undefined && !containers.some((c) => Object.keys(c.secrets ?? {}).length > 0)) {
    p.add('secretsKmsKeyArn', 'is set but no container has secrets; leave it out');
  }
  for (const [i, statement] of (props.taskPolicyStatements ?? []).entries()) {
    const field = `taskPolicyStatements[${i}]`;
    const wildcard = (statement.actions ?? []).find((a) => a === '*' || a.endsWith(':*'));
    if (wildcard) {
      p.add(field, `allows "${wildcard}"; list the actions the application needs`);
    }
    if (statement.notActions && (statement.effect ?? 'Allow') === 'Allow') {
      p.add(
        field,
        'uses notActions with Allow, which grants everything else; list the allowed actions',
      );
    }
  }
  validateContainers(p, props);
}

function validateContainers(p: Problems, props: TaskDefinitionProps): void {
  const { containers, memoryMiB } = props;
  if (containers.length === 0) {
    p.add('containers', 'is empty; list at least one container');
    return;
  }
  const names = containers.map((c) => c.name);
  if (!containers.some((c) => c.essential ?? true)) {
    p.add('containers', 'has no essential container; mark at least one essential');
  }
  let reserved = 0;
  for (const [i, c] of containers.entries()) {
    const at = `containers "${c.name}"`;
    p.ecsName(`${at} name`, c.name);
    if (names.indexOf(c.name) !== i) {
      p.add(`${at} name`, 'is used by another container; container names must be unique');
    }
    if (c.image.trim() === '') p.add(`${at} image`, 'is empty; name the image to run');
    const user = c.user ?? '1000:1000';
    const uid = user.split(':')[0] ?? '';
    if (uid === '' || uid === '0' || uid === 'root') {
      p.add(`${at} user`, `"${user}" runs as root; use a non-root uid such as "1000:1000"`);
    }
    if (c.port !== undefined) p.integer(`${at} port`, c.port, 1, 65535, ' (a TCP port)');
    p.integer(
      `${at} stopTimeoutSeconds`,
      c.stopTimeoutSeconds ?? 30,
      2,
      120,
      ' (the Fargate maximum is 120)',
    );
    for (const path of c.writablePaths ?? []) {
      if (!WRITABLE_PATH.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
        p.add(
          `${at} writablePaths`,
          `has "${path}"; use absolute paths without "." or ".." segments or a trailing slash, not "/"`,
        );
      }
    }
    const env = Object.keys(c.environment ?? {});
    const secrets = Object.keys(c.secrets ?? {});
    for (const name of [...env, ...secrets]) {
      if (!ENV_NAME.test(name)) {
        p.add(
          `${at} environment`,
          `"${name}" is not a valid environment variable name; use letters, digits and underscores, not starting with a digit`,
        );
      }
    }
    const both = env.filter((name) => secrets.includes(name));
    if (both.length > 0) {
      p.add(
        `${at} secrets`,
        `${both.join(', ')} is in both environment and secrets; keep it in secrets only`,
      );
    }
    validateImage(p, c, props.imageRepositoryArns, at);
    validateHealthCheck(p, c.healthCheck, at);
    validateDependencies(p, c, containers, at);
    const reservation = c.memoryReservationMiB;
    if (reservation !== undefined) {
      p.integer(`${at} memoryReservationMiB`, reservation, 6, memoryMiB, ` (the task's memoryMiB)`);
      reserved += reservation;
    }
  }
  if (reserved > memoryMiB) {
    p.add(
      'containers',
      `reserve ${reserved} MiB (memoryReservationMiB), more than memoryMiB ${memoryMiB}; reserve at most ${memoryMiB} in all`,
    );
  }
}

function validateDependencies(
  p: Problems,
  c: ContainerSpec,
  containers: ContainerSpec[],
  at: string,
): void {
  for (const dependency of c.dependsOn ?? []) {
    const target = containers.find((other) => other.name === dependency.containerName);
    if (!target || target === c) {
      p.add(
        `${at} dependsOn`,
        `names "${dependency.containerName}", which is not another container of the task; use one of ${containers
          .filter((other) => other !== c)
          .map((other) => `"${other.name}"`)
          .join(', ')}`,
      );
      continue;
    }
    if (!DEPENDENCY_CONDITIONS.includes(dependency.condition)) {
      p.add(
        `${at} dependsOn`,
        `condition "${String(dependency.condition)}" is not allowed; use one of ${DEPENDENCY_CONDITIONS.join(', ')}`,
      );
    }
    if (dependency.condition === 'HEALTHY' && !target.healthCheck) {
      p.add(
        `${at} dependsOn`,
        `"${target.name}" HEALTHY needs a healthCheck on "${target.name}"; add one or wait for START`,
      );
    }
    if (
      (dependency.condition === 'COMPLETE' || dependency.condition === 'SUCCESS') &&
      (target.essential ?? true)
    ) {
      p.add(
        `${at} dependsOn`,
        `"${target.name}" ${dependency.condition} needs "${target.name}" to be non-essential; set its essential to false`,
      );
    }
  }
}

/** A literal private-ECR image must come from one of the literal repositories granted. */
function validateImage(p: Problems, c: ContainerSpec, repositoryArns: string[], at: string): void {
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
    p.add(
      `${at} image`,
      `${c.image} is in ECR repository ${repository}, which imageRepositoryArns does not list; add its ARN there`,
    );
  }
}

function validateHealthCheck(
  p: Problems,
  health: ContainerHealthCheck | undefined,
  at: string,
): void {
  if (!health) return;
  const [kind] = health.command;
  if ((kind !== 'CMD' && kind !== 'CMD-SHELL') || health.command.length < 2) {
    p.add(
      `${at} healthCheck.command`,
      'must start with "CMD" or "CMD-SHELL" followed by the command',
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
    if (value !== undefined) p.integer(`${at} healthCheck.${field}`, value, min, max);
  }
}
