import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export interface TerraformStateAccessProps {
  /** The state bucket (the bootstrap stack's `StateBucket`). */
  readonly bucket: string;
  /** The bucket's region: S3 calls KMS there. */
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  /**
   * Stack ids whose state this grants, as patterns of the first key segment, e.g. `dev-*` for
   * `dev-network/terraform.tfstate`, `dev-app/...` (state keys are `<stack>/terraform.tfstate`).
   */
  readonly stacks: readonly string[];
  /**
   * `read`: read the state and take and release its lock (`terraform plan`); `write`: also write
   * the state (`terraform apply`).
   */
  readonly access: 'read' | 'write';
  /**
   * Alias of the KMS key that encrypts the bucket by default.
   * @default `alias/<bucket>`, the alias StateBucket gives its key
   */
  readonly keyAlias?: string;
}

/**
 * What a role needs to run Terraform against the S3 backend for some stacks, without naming the
 * bootstrap stack's resources (no cross-stack reference): list the bucket; read `<stack>/terraform.tfstate`;
 * put and delete only the lock file `<stack>/terraform.tfstate.tflock` (`use_lockfile`), or with
 * `write` also put the state; and use the state key only through S3, only for those objects (S3
 * passes the object's ARN as encryption context: the state bucket has no bucket key).
 */
export function terraformStateStatements(
  props: TerraformStateAccessProps,
): DataAwsIamPolicyDocumentStatement[] {
  const { bucket, partition, region, accountId } = props;
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const stateObjects = props.stacks.map((stack) => `${bucketArn}/${stack}/terraform.tfstate`);
  const lockObjects = stateObjects.map((state) => `${state}.tflock`);
  const stateAndLocks = stateObjects.map((state) => `${state}*`);
  const viaS3ForThese = (objects: string[]) => [
    {
      test: 'ForAnyValue:StringEquals',
      variable: 'kms:ResourceAliases',
      values: [props.keyAlias ?? `alias/${bucket}`],
    },
    { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${region}.amazonaws.com`] },
    { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: objects },
  ];
  const keys = [`arn:${partition}:kms:${region}:${accountId}:key/*`];
  const write = props.access === 'write';
  return [
    {
      sid: 'ListTheStateBucket',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
    },
    {
      sid: write ? 'ReadAndWriteTheseStacksState' : 'ReadTheseStacksStateAndLocks',
      effect: 'Allow',
      actions: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      resources: stateAndLocks,
    },
    {
      sid: 'TakeAndReleaseTheirLocks',
      effect: 'Allow',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: lockObjects,
    },
    {
      sid: 'DecryptTheirStateThroughS3Only',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: keys,
      condition: viaS3ForThese(stateAndLocks),
    },
    {
      sid: write ? 'EncryptTheirStateThroughS3Only' : 'EncryptTheirLocksThroughS3Only',
      effect: 'Allow',
      actions: ['kms:GenerateDataKey'],
      resources: keys,
      condition: viaS3ForThese(write ? stateAndLocks : lockObjects),
    },
  ];
}
