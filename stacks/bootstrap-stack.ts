import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { StateBucket } from '@skyport/modules/state-bucket';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import type { StateConfig } from './config/state';
import { acceptAwsProviderRange } from './provider-version';
import { defaultTags } from './tags';

export interface BootstrapStackProps {
  readonly state: StateConfig;
}

/**
 * Account-level stack that creates the bucket every other stack keeps its state in. Its own state
 * cannot live in a bucket that does not exist yet, so it stays local, in the repository root
 * (`bootstrap.tfstate`, git-ignored); see docs/runbook.md for moving it into the bucket afterwards.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    // The stack's working directory is cdktf.out/stacks/<id>; keep state outside cdktf.out so a
    // clean re-synth never deletes it.
    new LocalBackend(this, { path: '../../../bootstrap.tfstate' });
    new AwsProvider(this, 'aws', {
      region: props.state.region,
      defaultTags: [{ tags: defaultTags({ environment: 'shared', stack: id }) }],
    });
    acceptAwsProviderRange(this);
    // The state bucket serves every environment, production included: audited as production.
    this.addOverride('//.skyport', { environment: 'shared', stage: 'production' });
    this.stateBucket = new StateBucket(this, 'state', { bucketName: props.state.bucket });
    new TerraformOutput(this, 'state_bucket', { value: this.stateBucket.bucket.bucket });
    new TerraformOutput(this, 'state_key_arn', { value: this.stateBucket.key.arn });
  }
}
