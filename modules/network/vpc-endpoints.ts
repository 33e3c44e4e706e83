import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { awsContext } from '../aws-context/aws-context';

/** AWS services a Fargate task in a private subnet needs when there is no NAT. */
export const INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts'] as const;
export type InterfaceEndpoint = (typeof INTERFACE_ENDPOINTS)[number];

export interface VpcEndpointsProps {
  readonly name: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Route tables that get the S3 gateway endpoint's routes. */
  readonly gatewayRouteTableIds: string[];
  /** Subnets that hold the interface endpoints' network interfaces (one per AZ). */
  readonly interfaceSubnetIds: string[];
  /** Services that get an interface endpoint with private DNS. */
  readonly interfaceEndpoints: readonly InterfaceEndpoint[];
}

/**
 * The S3 gateway endpoint (free: image layers from ECR and S3 traffic skip NAT) and the chosen
 * interface endpoints, reachable on 443 from inside the VPC only.
 */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  readonly securityGroup?: SecurityGroup;
  readonly interfaces: Partial<Record<InterfaceEndpoint, VpcEndpoint>> = {};

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const { region } = awsContext(this);
    this.s3 = new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.gatewayRouteTableIds,
      tags: { Name: `${props.name}-s3` },
    });
    if (props.interfaceEndpoints.length === 0) return;

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${props.name}-endpoints-`,
      description: 'Interface endpoints: HTTPS from inside the VPC',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to AWS APIs from anything in the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    for (const service of props.interfaceEndpoints) {
      this.interfaces[service] = new VpcEndpoint(this, service.replace('.', '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.interfaceSubnetIds,
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }
}
