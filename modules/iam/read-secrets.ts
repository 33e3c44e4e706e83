import type {
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/** The sids of the pair, as sentences about why the role reads these secrets. */
export interface SecretReadSids {
  readonly read: string;
  readonly decrypt: string;
}

export interface SecretReadOptions {
  /**
   * Sids for this use of the pair.
   * @default `ReadTheReferencedSecrets` and `DecryptSecretsThroughSecretsManager`
   */
  readonly sids?: SecretReadSids;
  /**
   * Further conditions on the key, checked before `kms:ViaService` (e.g. `kms:ResourceAliases`
   * where the key is named by a wildcard ARN).
   * @default none
   */
  readonly keyConditions?: DataAwsIamPolicyDocumentStatementCondition[];
}

const DEFAULT_SIDS: SecretReadSids = {
  read: 'ReadTheReferencedSecrets',
  decrypt: 'DecryptSecretsThroughSecretsManager',
};

/**
 * Read these secrets, and decrypt with their key only when Secrets Manager asks on the role's
 * behalf (`kms:ViaService`): the key alone opens nothing else it encrypts (logs, images, state).
 * No read statement without secrets; no decrypt statement without a key (AWS-managed keys need
 * none). `region` is the region the secrets live in; pass the consumer stack's own region value,
 * so the policy does not reach into another stack for it.
 */
export function readSecretStatements(
  secretArns: string[],
  keyArn: string | undefined,
  region: string,
  options: SecretReadOptions = {},
): DataAwsIamPolicyDocumentStatement[] {
  const sids = options.sids ?? DEFAULT_SIDS;
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (secretArns.length > 0) {
    statements.push({
      sid: sids.read,
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: secretArns,
    });
  }
  if (keyArn !== undefined) {
    statements.push({
      sid: sids.decrypt,
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [keyArn],
      condition: [
        ...(options.keyConditions ?? []),
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [`secretsmanager.${region}.amazonaws.com`],
        },
      ],
    });
  }
  return statements;
}
