import { Token } from 'cdktf';
import { LOG_RETENTION_DAYS } from '../validation/log-retention';
import {
  DEPENDENCY_CONDITIONS,
  type ContainerHealthCheck,
  type ContainerSpec,
} from './container-definitions';
import { fargateMemoryChoices, FARGATE_CPU_UNITS, isFargateSize } from './fargate-size';
import type { TaskDefinitionProps } from './task-definition';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WRITABLE_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/[a-z0-9._/-]+$/;
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+)/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;

/** Throws on the first prop of a TaskDefinition that ECS, IAM or our hardening would refuse. */
export function validateTaskDefinition(props: TaskDefinitionProps): void {
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
