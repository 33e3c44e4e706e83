import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import type { EnvironmentProfile } from './config/environments';
import { stateKey, type StateConfig } from './config/state';
import { acceptAwsProviderRange } from './provider-version';
import { defaultTags } from './tags';

export interface EnvironmentStackProps {
  readonly profile: EnvironmentProfile;
  readonly state: StateConfig;
}

/**
 * Base of every per-environment stack: an AWS provider in the environment's region with default
 * tags, and remote state in the bootstrap bucket under the stack's own key, locked with
 * Terraform's native S3 lock file.
 */
export abstract class EnvironmentStack extends TerraformStack {
  readonly profile: EnvironmentProfile;
  private readonly tags: Record<string, string>;

  protected constructor(scope: Construct, layer: string, props: EnvironmentStackProps) {
    const id = `${props.profile.name}-${layer}`;
    super(scope, id);
    this.profile = props.profile;
    new S3Backend(this, {
      bucket: props.state.bucket,
      key: stateKey(id),
      region: props.state.region,
      // No `encrypt`: with it and no kms_key_id, Terraform sends `SSE: AES256` on every write and
      // overrides the bucket's default SSE-KMS with the state key. Left out, S3 applies that default.
    });
    // CDKTF 0.21's S3Backend predates use_lockfile (Terraform >= 1.10).
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    acceptAwsProviderRange(this);
    // Read by tools/audit: cost-justified checkov skips are refused in a production stack.
    this.addOverride('//.skyport', { environment: props.profile.name, stage: props.profile.stage });
    this.tags = defaultTags({ environment: props.profile.name, stack: id });
    new AwsProvider(this, 'aws', {
      region: props.profile.region,
      defaultTags: [{ tags: this.tags }],
    });
  }

  /** A second AWS provider, aliased, for resources AWS wants in another region; same tags. */
  protected providerIn(region: string): AwsProvider {
    const alias = region.replaceAll('-', '_');
    return new AwsProvider(this, `aws-${region}`, {
      alias,
      region,
      defaultTags: [{ tags: this.tags }],
    });
  }
}
