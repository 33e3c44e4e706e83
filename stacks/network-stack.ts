import { EncryptionKey } from '@skyport/modules/encryption-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Network } from '@skyport/modules/network';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';

/**
 * `<env>-network`: the environment's VPC (three tiers, NAT per profile, NACLs, endpoints, flow
 * logs) and the environment's KMS key, which the later stacks also encrypt with.
 */
export class NetworkStack extends EnvironmentStack {
  readonly network: Network;
  readonly key: EncryptionKey;
  /**
   * The API and worker tasks' security group. It lives here, before the data and app stacks,
   * because both write rules that name it: the data services admit it, the ALB reaches it.
   */
  readonly appSecurityGroup: SecurityGroup;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, 'network', props);
    const { profile } = props;
    this.key = new EncryptionKey(this, 'key', {
      alias: `skyport-${profile.name}`,
      description: `Skyport ${profile.name}: encrypts the environment's logs, data and secrets`,
      allowCloudWatchAlarms: true,
    });
    this.network = new Network(this, 'network', {
      name: profile.name,
      cidrBlock: profile.network.vpcCidr,
      availabilityZoneIds: profile.network.zoneIds,
      natMode: profile.network.natMode,
      interfaceEndpoints: profile.network.interfaceEndpoints,
      flowLogRetentionDays: profile.logRetentionDays,
      encryptionKeyArn: this.key.arn,
    });

    this.appSecurityGroup = new SecurityGroup(this, 'app-security-group', {
      namePrefix: `skyport-${profile.name}-app-`,
      description: 'API and worker tasks: rules are added by the data and app stacks',
      vpcId: this.network.vpc.id,
      tags: { Name: `skyport-${profile.name}-app` },
      lifecycle: { createBeforeDestroy: true },
    });

    // For operators and scripts; other stacks read these through cross-stack references.
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id });
    for (const tier of ['public', 'private', 'isolated'] as const) {
      new TerraformOutput(this, `${tier}_subnet_ids`, { value: this.network.subnetIds(tier) });
    }
    new TerraformOutput(this, 'key_arn', { value: this.key.arn });
  }
}
