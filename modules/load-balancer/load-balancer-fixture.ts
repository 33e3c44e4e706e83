import type { TerraformJson } from '../testing';
import { dataSourceFor, onlyResource, resourceAt, resourcesOf, synthConstructs } from '../testing';
import { LoadBalancer, type LoadBalancerProps } from './load-balancer';

/** What the load balancer tests share: the props of a dev API, a synth, and readers of its JSON. */
export const base: LoadBalancerProps = {
  name: 'skyport-dev-api',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  domainName: 'api.example.com',
  hostedZoneId: 'Z0123456789',
  targetPort: 3000,
  targetSecurityGroupId: 'sg-service',
};

export const synth = (props: Partial<LoadBalancerProps> = {}) =>
  synthConstructs((scope) => {
    new LoadBalancer(scope, 'api', { ...base, ...props });
  });

export type Statement = {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

export const blocks = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));
export const listener = (json: TerraformJson, id: 'http' | 'https') =>
  resourceAt(json, 'aws_lb_listener', id).block;
export const ingressOf = (json: TerraformJson, securityGroupId: string) =>
  blocks(json, 'aws_vpc_security_group_ingress_rule').filter(
    (rule) => rule.security_group_id === securityGroupId,
  );
export const logPolicy = (json: TerraformJson) =>
  dataSourceFor(json, onlyResource(json, 'aws_s3_bucket_policy').policy).statement as Statement[];
