import { Token, Tokenization } from 'cdktf';

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
