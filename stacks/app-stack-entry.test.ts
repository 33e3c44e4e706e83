import { type TerraformBlock, type TerraformJson } from '@skyport/modules/testing';
import {
  blocks,
  committedDev,
  containersOf,
  named,
  service,
  stack,
} from './app-stack-test-support';
import { ENVIRONMENTS } from './config/environments';

describe('<env>-app', () => {
  describe('the API’s entry (profile apiIngress)', () => {
    const dev = stack('dev-app');
    const prod = stack('prod-app');
    const types = (json: TerraformJson) => Object.keys(json.resource ?? {});

    it('ships dev behind an API Gateway HTTP API and prod behind the load balancer with its WAF', () => {
      expect([committedDev.app.apiIngress, ENVIRONMENTS.prod?.app.apiIngress]).toEqual([
        'http-api',
        'internet',
      ]);
      expect(types(dev).filter((t) => /^aws_(lb|alb|wafv2)/.test(t))).toEqual([]);
      expect(types(dev)).toEqual(
        expect.arrayContaining(['aws_apigatewayv2_api', 'aws_apigatewayv2_vpc_link']),
      );
      expect(types(prod).filter((t) => /^aws_(apigatewayv2|service_discovery)_/.test(t))).toEqual(
        [],
      );
      expect(types(prod)).toEqual(expect.arrayContaining(['aws_lb', 'aws_wafv2_web_acl']));
    });

    it('registers dev’s API tasks in the Cloud Map service the HTTP API’s VPC link integrates with', () => {
      const api = service(dev, 'api');
      const [discoveryName] = named(dev, 'aws_service_discovery_service', /./);
      expect(api.load_balancer).toBeUndefined();
      expect(api.service_registries).toEqual({
        registry_arn: `\${aws_service_discovery_service.${discoveryName}.arn}`,
        container_name: 'api',
        container_port: 3000,
      });
      const [, integration] = named(dev, 'aws_apigatewayv2_integration', /./);
      expect(integration).toMatchObject({
        connection_type: 'VPC_LINK',
        integration_uri: `\${aws_service_discovery_service.${discoveryName}.arn}`,
      });
      // Without target health checks, the container's own check decides which task is replaced.
      const [container] = containersOf(dev, /^api-task_task-definition/);
      // The client's address comes in the header the integration overwrites, not X-Forwarded-For.
      expect(integration.request_parameters).toEqual({
        'overwrite:header.x-client-ip': '$context.identity.sourceIp',
      });
      expect(container?.environment).toContainEqual({
        name: 'CLIENT_ADDRESS_HEADER',
        value: 'x-client-ip',
      });
      const [prodApi] = containersOf(prod, /^api-task_task-definition/);
      expect(prodApi?.environment?.map((e) => e.name)).not.toContain('CLIENT_ADDRESS_HEADER');
      expect(container).toHaveProperty('healthCheck');
      expect(api.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    });

    it('lets the VPC link reach the tasks’ security group on 3000 and nothing else', () => {
      const [linkGroup] = named(dev, 'aws_security_group', /^api-http-api_security-group/);
      const linkId = `\${aws_security_group.${linkGroup}.id}`;
      const fromLink = blocks(dev, 'aws_vpc_security_group_ingress_rule')
        .map(([, rule]) => rule)
        .filter((rule) => rule.referenced_security_group_id === linkId);
      expect(fromLink).toEqual([
        expect.objectContaining({ ip_protocol: 'tcp', from_port: 3000, to_port: 3000 }),
      ]);
      expect(String(fromLink[0]?.security_group_id)).toMatch(/app-security-group/);
      const fromLinkOut = blocks(dev, 'aws_vpc_security_group_egress_rule')
        .map(([, rule]) => rule)
        .filter((rule) => rule.security_group_id === linkId);
      expect(fromLinkOut).toEqual([
        expect.objectContaining({ ip_protocol: 'tcp', from_port: 3000, to_port: 3000 }),
      ]);
      expect(String(fromLinkOut[0]?.referenced_security_group_id)).toMatch(/app-security-group/);
    });

    it('answers on api.<domain> with logged, throttled requests', () => {
      const [, domain] = named(dev, 'aws_apigatewayv2_domain_name', /./);
      expect(domain.domain_name).toBe('api.${var.domain_name}');
      const [, stage] = named(dev, 'aws_apigatewayv2_stage', /./);
      expect(stage).toMatchObject({
        default_route_settings: { throttling_rate_limit: 50, throttling_burst_limit: 100 },
      });
      const [, logGroup] = named(dev, 'aws_cloudwatch_log_group', /access-logs/);
      expect(logGroup).toMatchObject({ retention_in_days: committedDev.logRetentionDays });
      expect(String(logGroup.kms_key_id)).toMatch(/cross-stack-output-aws_kms_key/);
    });

    it('scales dev’s API on CPU and memory only, an HTTP API having no requests per target', () => {
      const metrics = blocks(dev, 'aws_appautoscaling_policy')
        .map(([name, p]) => [
          name,
          (
            (p.target_tracking_scaling_policy_configuration as TerraformBlock)
              .predefined_metric_specification as TerraformBlock | undefined
          )?.predefined_metric_type,
        ])
        .filter(([name]) => String(name).startsWith('api_'))
        .map(([, metric]) => metric)
        .sort();
      expect(metrics).toEqual([
        'ECSServiceAverageCPUUtilization',
        'ECSServiceAverageMemoryUtilization',
      ]);
    });

    it('alarms on the HTTP API’s 5XX rate and latency in dev, with no target health to watch', () => {
      const alarms = blocks(dev, 'aws_cloudwatch_metric_alarm').map(([, a]) => a);
      const byName = (suffix: string) =>
        alarms.find((a) => (a.alarm_name as string) === `skyport-dev-${suffix}`);
      expect(byName('api-unhealthy-targets')).toBeUndefined();
      expect(byName('api-latency-p95')).toMatchObject({
        namespace: 'AWS/ApiGateway',
        metric_name: 'Latency',
        extended_statistic: 'p95',
        threshold: 1500,
      });
      const queries = byName('api-5xx-rate')?.metric_query as TerraformBlock[];
      expect(
        queries
          .map((q) => q.metric as TerraformBlock | undefined)
          .filter(Boolean)
          .map((m) => [m?.namespace, m?.metric_name, Object.keys(m?.dimensions as object).sort()]),
      ).toEqual([
        ['AWS/ApiGateway', 'Count', ['ApiId', 'Stage']],
        ['AWS/ApiGateway', '5xx', ['ApiId', 'Stage']],
      ]);
    });
  });
});
