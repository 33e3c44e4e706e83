import { Network } from '@skyport/modules/network';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';

/** `<env>-network`: the environment's VPC. */
export class NetworkStack extends EnvironmentStack {
  readonly network: Network;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, 'network', props);
    this.network = new Network(this, 'network', {
      name: props.profile.name,
      cidrBlock: props.profile.vpcCidr,
    });
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id });
  }
}
