import {
  justifiedChecks,
  onlyResource,
  referenceTo,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformJson,
} from '../testing';
import { ACCESS_LOG_FORMAT, HttpApi, type HttpApiProps } from './http-api';

const base: HttpApiProps = {
  name: 'skyport-dev-api',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  domainName: 'api.example.com',
  hostedZoneId: 'Z0123456789',
  targetPort: 3000,
  targetSecurityGroupId: 'sg-service',
  logKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
};

const synth = (props: Partial<HttpApiProps> = {}) =>
  synthConstructs((scope) => {
    new HttpApi(scope, 'api', { ...base, ...props });
  });

const blocks = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

describe('HttpApi', () => {
  const json = synth();
  const api = onlyResource(json, 'aws_apigatewayv2_api');
  const apiId = referenceTo(json, 'aws_apigatewayv2_api', 'id');

  it('is an HTTP API reachable only through its custom domain', () => {
    expect(api).toMatchObject({
      name: 'skyport-dev-api',
      protocol_type: 'HTTP',
      disable_execute_api_endpoint: true,
    });
  });

  it('proxies every method and path through the VPC link to the Cloud Map service', () => {
    const integration = onlyResource(json, 'aws_apigatewayv2_integration');
    expect(integration).toEqual(
      expect.objectContaining({
        api_id: apiId,
        integration_type: 'HTTP_PROXY',
        integration_method: 'ANY',
        connection_type: 'VPC_LINK',
        connection_id: referenceTo(json, 'aws_apigatewayv2_vpc_link', 'id'),
        integration_uri: referenceTo(json, 'aws_service_discovery_service', 'arn'),
        timeout_milliseconds: 30000,
        // The client's address, overwritten so a client cannot choose it.
        request_parameters: { 'overwrite:header.x-client-ip': '$context.identity.sourceIp' },
      }),
    );
    const route = onlyResource(json, 'aws_apigatewayv2_route');
    expect(route).toMatchObject({
      api_id: apiId,
      route_key: '$default',
      authorization_type: 'NONE',
      target: `integrations/${referenceTo(json, 'aws_apigatewayv2_integration', 'id')}`,
    });
  });

  it('finds tasks by SRV records (which carry the port) in a private namespace, healthy ones only', () => {
    const service = onlyResource(json, 'aws_service_discovery_service');
    expect(service).toMatchObject({
      dns_config: {
        namespace_id: referenceTo(json, 'aws_service_discovery_private_dns_namespace', 'id'),
        routing_policy: 'MULTIVALUE',
        dns_records: [{ type: 'SRV', ttl: 10 }],
      },
      health_check_custom_config: {},
    });
    expect(onlyResource(json, 'aws_service_discovery_private_dns_namespace')).toMatchObject({
      name: 'skyport-dev-api.internal',
      vpc: 'vpc-0123',
    });
  });

  it('places the VPC link in the given subnets behind a group that reaches only the service port', () => {
    const linkSg = referenceTo(json, 'aws_security_group', 'id');
    expect(onlyResource(json, 'aws_apigatewayv2_vpc_link')).toMatchObject({
      subnet_ids: ['subnet-a', 'subnet-b'],
      security_group_ids: [linkSg],
    });
    const egress = blocks(json, 'aws_vpc_security_group_egress_rule');
    expect(egress).toEqual([
      expect.objectContaining({
        security_group_id: linkSg,
        referenced_security_group_id: 'sg-service',
        ip_protocol: 'tcp',
        from_port: 3000,
        to_port: 3000,
      }),
    ]);
    const ingress = blocks(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: 'sg-service',
        referenced_security_group_id: linkSg,
        ip_protocol: 'tcp',
        from_port: 3000,
        to_port: 3000,
      }),
    ]);
    expect(JSON.stringify(json)).not.toMatch(/cidr_ipv[46]|0\.0\.0\.0\/0/);
  });

  it('throttles the default stage and logs every request as JSON to an encrypted group', () => {
    const stage = onlyResource(json, 'aws_apigatewayv2_stage');
    expect(stage).toMatchObject({
      api_id: apiId,
      name: '$default',
      auto_deploy: true,
      default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
      access_log_settings: {
        destination_arn: referenceTo(json, 'aws_cloudwatch_log_group', 'arn'),
        format: ACCESS_LOG_FORMAT,
      },
    });
    const format = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;
    expect(format).toMatchObject({
      ip: '$context.identity.sourceIp',
      status: '$context.status',
      integrationError: '$context.integrationErrorMessage',
    });
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toMatchObject({
      retention_in_days: 90,
      kms_key_id: base.logKmsKeyArn,
    });
    const tuned = onlyResource(
      synth({ throttlingRateLimit: 5, throttlingBurstLimit: 10 }),
      'aws_apigatewayv2_stage',
    );
    expect(tuned.default_route_settings).toMatchObject({
      throttling_rate_limit: 5,
      throttling_burst_limit: 10,
    });
  });

  it('answers on the custom domain with a validated certificate, TLS 1.2+ and an alias record', () => {
    const domain = onlyResource(json, 'aws_apigatewayv2_domain_name');
    expect(domain).toMatchObject({
      domain_name: 'api.example.com',
      domain_name_configuration: {
        certificate_arn: referenceTo(json, 'aws_acm_certificate_validation', 'certificate_arn'),
        endpoint_type: 'REGIONAL',
        security_policy: 'TLS_1_2',
      },
    });
    expect(onlyResource(json, 'aws_apigatewayv2_api_mapping')).toMatchObject({
      api_id: apiId,
      domain_name: referenceTo(json, 'aws_apigatewayv2_domain_name', 'domain_name'),
      stage: referenceTo(json, 'aws_apigatewayv2_stage', 'name'),
    });
    const domainRef = referenceTo(
      json,
      'aws_apigatewayv2_domain_name',
      'domain_name_configuration',
    );
    const alias = blocks(json, 'aws_route53_record').find((record) => record.type === 'A');
    expect(alias).toMatchObject({
      zone_id: 'Z0123456789',
      name: 'api.example.com',
      alias: {
        name: domainRef.replace('}', '[0].target_domain_name}'),
        zone_id: domainRef.replace('}', '[0].hosted_zone_id}'),
      },
    });
  });

  it('justifies the route without an authorizer: the API authenticates its callers', () => {
    const commented = synthConstructsWithComments((scope) => {
      new HttpApi(scope, 'api', base);
    });
    expect(justifiedChecks(commented, 'aws_apigatewayv2_route')).toEqual(['CKV_AWS_309 design']);
    expect(justifiedChecks(commented, 'aws_cloudwatch_log_group')).toEqual(['CKV_AWS_338 cost']);
    expect(
      justifiedChecks(
        synthConstructsWithComments((scope) => {
          new HttpApi(scope, 'api', { ...base, accessLogRetentionDays: 365 });
        }),
        'aws_cloudwatch_log_group',
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<HttpApiProps>, string]>([
    [
      'an upper-case name',
      { name: 'Skyport' },
      '[stack/api] name: "Skyport" must be 1-40 lowercase letters',
    ],
    [
      'one subnet',
      { subnetIds: ['subnet-a'] },
      '[stack/api] subnetIds: 1 listed; list subnets in at least two AZs',
    ],
    [
      'port 0',
      { targetPort: 0 },
      '[stack/api] targetPort: 0 is out of range; use a whole number from 1 to 65535',
    ],
    [
      'a timeout API Gateway refuses',
      { integrationTimeoutSeconds: 31 },
      '[stack/api] integrationTimeoutSeconds: 31 is out of range; use a whole number from 1 to 30',
    ],
    [
      'a burst above the account limit',
      { throttlingBurstLimit: 6000 },
      '[stack/api] throttlingBurstLimit: 6000 is out of range; use a whole number from 1 to 5000',
    ],
    [
      'a retention CloudWatch refuses',
      { accessLogRetentionDays: 10 },
      '[stack/api] accessLogRetentionDays: 10 is not a CloudWatch Logs retention',
    ],
  ])('refuses %s, naming the construct and the prop', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() => synth({ targetPort: 0, throttlingBurstLimit: 6000 })).toThrow(
      '[stack/api] targetPort: 0 is out of range; use a whole number from 1 to 65535\n' +
        '[stack/api] throttlingBurstLimit: 6000 is out of range; use a whole number from 1 to 5000',
    );
  });
});
