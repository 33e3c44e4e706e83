import { HttpApi } from '@skyport/modules/http-api';
import { LoadBalancer } from '@skyport/modules/load-balancer';
import type { Construct } from 'constructs';
import type { ApiEntry } from './app-alarms';
import { API_PORT } from './app-contract';
import type { AppInputs } from './app-inputs';
import type { SharedRuntime } from './app-shared-runtime';
import type { EnvironmentProfile } from './config/environments';
import type { NetworkStack } from './network-stack';

export interface ApiEntryOptions {
  readonly profile: EnvironmentProfile;
  readonly network: NetworkStack;
  readonly inputs: AppInputs;
  readonly runtime: SharedRuntime;
}

/**
 * The API's public entry at `api.<domain>`, by the profile's `apiIngress`: an HTTPS load balancer
 * in the public subnets, or an API Gateway HTTP API with a VPC link to the tasks' Cloud Map entry.
 * Either reaches the tasks' security group on the API port only.
 */
export function apiEntry(stack: Construct, options: ApiEntryOptions): ApiEntry {
  const { profile, network, inputs, runtime } = options;
  const { app } = profile;
  if (app.apiIngress === 'http-api') {
    const httpApi = new HttpApi(stack, 'api-http-api', {
      name: `${runtime.name}-api`,
      vpcId: network.network.vpc.id,
      subnetIds: runtime.placement.subnetIds,
      domainName: `api.${inputs.domainName}`,
      hostedZoneId: inputs.hostedZoneId,
      targetPort: API_PORT,
      targetSecurityGroupId: runtime.placement.securityGroupId,
      logKmsKeyArn: runtime.keyArn,
      accessLogRetentionDays: profile.logRetentionDays,
    });
    return { httpApi };
  }
  const loadBalancer = new LoadBalancer(stack, 'api-load-balancer', {
    name: `${runtime.name}-api`,
    vpcId: network.network.vpc.id,
    subnetIds: network.network.subnetIds('public'),
    domainName: `api.${inputs.domainName}`,
    hostedZoneId: inputs.hostedZoneId,
    targetPort: API_PORT,
    targetSecurityGroupId: runtime.placement.securityGroupId,
    deletionProtection: app.deletionProtection,
    webAcl: app.waf,
    ingress: app.apiIngress,
    accessLogRetentionDays: profile.logRetentionDays,
    // Below the API container's stop timeout, so deregistration finishes in-flight requests.
    deregistrationDelaySeconds: 30,
  });
  return { loadBalancer };
}
