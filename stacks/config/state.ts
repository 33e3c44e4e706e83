import { assertBucketName } from '@skyport/modules/validation';

/**
 * Where Terraform state lives. The bootstrap stack creates this bucket; every other stack keeps
 * its state in it under its own key. One place, so no stack spells the bucket name itself.
 *
 * The name is account-specific and must be globally unique: set SKYPORT_STATE_BUCKET (and
 * SKYPORT_STATE_REGION) when you synthesize for your account. See docs/decisions/0002.
 */
export interface StateConfig {
  readonly bucket: string;
  readonly region: string;
}

export const DEFAULT_STATE_BUCKET = 'skyport-terraform-state';
export const DEFAULT_STATE_REGION = 'eu-west-1';

/** The shape of an AWS region name such as `eu-west-1` or `us-gov-west-1`. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

export function stateConfig(env: NodeJS.ProcessEnv = process.env): StateConfig {
  const bucket = env.SKYPORT_STATE_BUCKET?.trim() || DEFAULT_STATE_BUCKET;
  const region = env.SKYPORT_STATE_REGION?.trim() || DEFAULT_STATE_REGION;
  assertBucketName('SKYPORT_STATE_BUCKET', bucket);
  if (!AWS_REGION_PATTERN.test(region)) {
    throw new Error(
      `SKYPORT_STATE_REGION "${region}" is not an AWS region name such as "eu-west-1"`,
    );
  }
  return { bucket, region };
}

/** The state object key of one stack: `<stack id>/terraform.tfstate`. */
export function stateKey(stackId: string): string {
  return `${stackId}/terraform.tfstate`;
}
