import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { parseCidr } from '../validation/cidr';

export interface NetworkProps {
  /**
   * Name used in the `Name` tag of the VPC and its parts, e.g. `dev`.
   */
  readonly name: string;
  /**
   * IPv4 range of the VPC in CIDR notation. A private range (RFC 1918) with a prefix from /16
   * to /24; subnets are carved out of it.
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: string;
}

/**
 * The environment's VPC: DNS support and hostnames on (needed by VPC endpoints and RDS), and the
 * default security group stripped of every rule so nothing can use it by accident.
 */
export class Network extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const cidrBlock = props.cidrBlock ?? '10.0.0.0/16';
    const cidr = parseCidr('cidrBlock', cidrBlock);
    if (cidr.prefix < 16 || cidr.prefix > 24) {
      throw new Error(
        `Network: cidrBlock "${cidrBlock}" must have a prefix from /16 to /24 (AWS VPC limits)`,
      );
    }
    if (!cidr.isPrivate) {
      throw new Error(
        `Network: cidrBlock "${cidrBlock}" must be a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)`,
      );
    }

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });

    // Managing the default security group with no ingress or egress removes AWS's
    // allow-all-within-group rules (CIS AWS 5.4).
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-locked` },
    });
  }
}
