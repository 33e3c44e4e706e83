import { Token, Tokenization } from 'cdktf';
import type { ContainerSpec } from './container-definitions';

/**
 * The secret a container `secrets` entry reads. ECS accepts a Secrets Manager secret ARN,
 * optionally followed by `:<json-key>:<version-stage>:<version-id>` (empty fields allowed, e.g.
 * `<arn>:password::`); the secret itself is the first seven colon-separated fields
 * (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name-suffix>`).
 *
 * Returns `undefined` when the value holds a Terraform token that cannot be split: the whole
 * token (`secret.arn`) and a token followed by a literal `:<json-key>:<stage>:<id>` suffix are
 * understood; anything else needs the ARN spelled out (TaskDefinitionProps.secretArns).
 * Throws when a literal value is not a Secrets Manager secret ARN.
 */
export function secretArnOf(valueFrom: string): string | undefined {
  if (Token.isUnresolved(valueFrom)) {
    const fragments = Tokenization.reverseString(valueFrom);
    if (fragments.tokens.length !== 1) return undefined;
    const literals = fragments.literals.map(String);
    if (literals.length === 0) return valueFrom;
    const [suffix] = literals;
    if (
      literals.length === 1 &&
      suffix !== undefined &&
      /^:[^:]*:[^:]*:[^:]*$/.test(suffix) &&
      valueFrom.endsWith(suffix)
    ) {
      return valueFrom.slice(0, valueFrom.length - suffix.length);
    }
    return undefined;
  }
  const fields = valueFrom.split(':');
  const [arn, partition, service, region, account, type, name] = fields;
  const isSecretArn =
    arn === 'arn' &&
    /^aws[a-z-]*$/.test(partition ?? '') &&
    service === 'secretsmanager' &&
    /^[a-z0-9-]+$/.test(region ?? '') &&
    /^\d{12}$/.test(account ?? '') &&
    type === 'secret' &&
    (name ?? '') !== '' &&
    (fields.length === 7 || fields.length === 10);
  if (!isSecretArn) {
    throw new Error(
      `"${valueFrom}" is not a Secrets Manager secret ARN, optionally followed by ":<json-key>:<version-stage>:<version-id>"`,
    );
  }
  return fields.slice(0, 7).join(':');
}

/**
 * The `valueFrom` that injects one field of a Secrets Manager secret's JSON into a container
 * (`<secret arn>:<field>::`, the current version): the form secretArnOf reads the ARN back from,
 * so the execution role is granted exactly the secrets its containers reference.
 */
export function secretFieldValueFrom(secretArn: string, field: string): string {
  return `${secretArn}:${field}::`;
}

/**
 * The secret ARNs the execution role is granted: `explicit` when given, else those the containers
 * reference. It throws rather than leaving the check to task-definition-validation.ts: the checks
 * need the parsed ARNs, and the role's policy cannot be written without them.
 */
export function resolveSecretArns(containers: ContainerSpec[], explicit?: string[]): string[] {
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
    return [...new Set(explicit)];
  }
  const unparsed = referenced.filter((_, i) => derived[i] === undefined);
  if (unparsed.length > 0) {
    const names = unparsed.map(({ c, name }) => `${c.name}.${name}`).join(', ');
    throw new Error(
      `TaskDefinition: cannot tell which secret ${names} reads from its Terraform expression; list the secret ARNs in secretArns`,
    );
  }
  return [...new Set(derived.filter((arn): arn is string => arn !== undefined))];
}
