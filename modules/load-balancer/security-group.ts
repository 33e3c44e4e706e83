import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import type { LoadBalancerSettings } from './load-balancer-settings';

/** Who may reach the load balancer. */
export const INGRESS_MODES = ['internet', 'cloudfront'] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];

/** AWS-managed prefix list of CloudFront's origin-facing servers (IPv4). */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

type GroupSettings = Pick<
  LoadBalancerSettings,
  'name' | 'vpcId' | 'ingress' | 'targetPort' | 'targetSecurityGroupId'
>;

/**
 * The load balancer's security group and the rules of the chain clients -> load balancer ->
 * service: clients in on 443 (and 80 from the internet), out only to the service on its port, and
 * a rule on the service's group that admits the load balancer on that port.
 */
export function loadBalancerSecurityGroup(
  scope: Construct,
  settings: GroupSettings,
): SecurityGroup {
  const { name } = settings;
  const group = new SecurityGroup(scope, 'security-group', {
    namePrefix: `${name}-alb-`,
    // Not derived from `ingress`: a new description would replace the group.
    description: `Load balancer ${name}: clients in, the service out`,
    vpcId: settings.vpcId,
    tags: { Name: `${name}-alb` },
    lifecycle: { createBeforeDestroy: true },
  });
  if (settings.ingress === 'internet') {
    admitInternet(scope, group.id);
  } else {
    admitCloudFront(scope, group.id);
  }
  connectToService(scope, group.id, settings);
  return group;
}

function admitInternet(scope: Construct, albSg: string): void {
  new VpcSecurityGroupIngressRule(scope, 'https-from-internet', {
    securityGroupId: albSg,
    description: 'HTTPS from any IPv4 client',
    ...tcp(443),
    cidrIpv4: '0.0.0.0/0',
  });
  const httpFromInternet = new VpcSecurityGroupIngressRule(scope, 'http-from-internet', {
    securityGroupId: albSg,
    description: 'HTTP from any IPv4 client, only ever redirected to HTTPS',
    ...tcp(80),
    cidrIpv4: '0.0.0.0/0',
  });
  justifyCheck(httpFromInternet, {
    check: 'CKV_AWS_260',
    because: 'design',
    reason:
      'Port 80 is open only for the HTTP listener, whose single action is a 301 redirect to HTTPS: no request is forwarded over plain HTTP',
  });
}

function admitCloudFront(scope: Construct, albSg: string): void {
  const cloudFront = new DataAwsEc2ManagedPrefixList(scope, 'cloudfront-origin-facing', {
    name: CLOUDFRONT_ORIGIN_FACING,
  });
  new VpcSecurityGroupIngressRule(scope, 'https-from-cloudfront', {
    securityGroupId: albSg,
    description: 'HTTPS from CloudFront origin-facing servers only',
    ...tcp(443),
    prefixListId: cloudFront.id,
  });
}

function connectToService(scope: Construct, albSg: string, settings: GroupSettings): void {
  const { name, targetPort } = settings;
  new VpcSecurityGroupEgressRule(scope, 'to-service', {
    securityGroupId: albSg,
    description: `Requests and health checks to the service on ${targetPort}`,
    ...tcp(targetPort),
    referencedSecurityGroupId: settings.targetSecurityGroupId,
  });
  new VpcSecurityGroupIngressRule(scope, 'service-from-alb', {
    securityGroupId: settings.targetSecurityGroupId,
    description: `Requests and health checks from load balancer ${name} on ${targetPort}`,
    ...tcp(targetPort),
    referencedSecurityGroupId: albSg,
  });
}

function tcp(port: number) {
  return { ipProtocol: 'tcp', fromPort: port, toPort: port };
}
