import { TerraformOutput, TerraformVariable } from 'cdktf';
import { onlyResource, referenceTo, resourceAt, resourcesOf, synthConstructs } from '../testing';
import { LoadBalancer } from './load-balancer';
import { base, blocks, synth } from './load-balancer-fixture';

describe('LoadBalancer', () => {
  const json = synth();
  const alb = onlyResource(json, 'aws_lb');
  const albSg = referenceTo(json, 'aws_security_group', 'id');

  describe('the load balancer', () => {
    it('is an internet-facing IPv4 application load balancer in the given subnets, behind its own security group', () => {
      expect(alb).toMatchObject({
        name: 'skyport-dev-api',
        load_balancer_type: 'application',
        internal: false,
        ip_address_type: 'ipv4',
        subnets: ['subnet-a', 'subnet-b'],
        security_groups: [albSg],
        idle_timeout: 60,
      });
    });

    it('drops invalid header fields and mitigates HTTP desync', () => {
      expect(alb.drop_invalid_header_fields).toBe(true);
      expect(['defensive', 'strictest']).toContain(alb.desync_mitigation_mode);
    });

    it('refuses deletion by default, and can be made deletable', () => {
      expect(alb.enable_deletion_protection).toBe(true);
      expect(
        onlyResource(synth({ deletionProtection: false }), 'aws_lb').enable_deletion_protection,
      ).toBe(false);
    });

    it('takes the idle timeout asked for', () => {
      expect(onlyResource(synth({ idleTimeoutSeconds: 120 }), 'aws_lb').idle_timeout).toBe(120);
    });
  });

  describe('the target group', () => {
    const group = onlyResource(json, 'aws_lb_target_group');

    it('sends plain HTTP to task IPs on the target port, least outstanding requests first', () => {
      expect(group).toMatchObject({
        target_type: 'ip',
        protocol: 'HTTP',
        port: 3000,
        vpc_id: 'vpc-0123',
        load_balancing_algorithm_type: 'least_outstanding_requests',
        deregistration_delay: '30',
      });
    });

    it('checks health on the health path on the traffic port, expecting 200', () => {
      expect(group.health_check).toMatchObject({
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: '/health',
        matcher: '200',
      });
      const custom = onlyResource(
        synth({ healthCheckPath: '/ready', deregistrationDelaySeconds: 10 }),
        'aws_lb_target_group',
      );
      expect(custom.health_check).toMatchObject({ path: '/ready' });
      expect(custom.deregistration_delay).toBe('10');
    });

    it('is replaced create-before-destroy under a generated name, so old and new never clash', () => {
      expect(group.name).toBeUndefined();
      expect(group.name_prefix).toBe('tg-');
      expect(group.tags).toEqual({ Name: 'skyport-dev-api-3000' });
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
    });
  });

  describe('DNS', () => {
    it('points an A alias for the domain at the load balancer, and no AAAA (IPv4 only)', () => {
      const records = blocks(json, 'aws_route53_record').filter((r) => r.alias !== undefined);
      expect(records).toEqual([
        expect.objectContaining({
          zone_id: 'Z0123456789',
          name: 'api.example.com',
          type: 'A',
          alias: {
            name: referenceTo(json, 'aws_lb', 'dns_name'),
            zone_id: referenceTo(json, 'aws_lb', 'zone_id'),
            evaluate_target_health: true,
          },
        }),
      ]);
    });

    it('accepts a domain that is a Terraform expression', () => {
      const withVariable = synthConstructs((scope) => {
        const domain = new TerraformVariable(scope, 'domain_name', { type: 'string' });
        new LoadBalancer(scope, 'api', { ...base, domainName: `api.${domain.stringValue}` });
      });
      expect(resourceAt(withVariable, 'aws_route53_record', 'alias-a').block.name).toBe(
        'api.${var.domain_name}',
      );
      expect(onlyResource(withVariable, 'aws_acm_certificate').domain_name).toBe(
        'api.${var.domain_name}',
      );
    });
  });

  describe('WAF', () => {
    it('can be turned off', () => {
      const withoutWaf = synth({ webAcl: false });
      expect(resourcesOf(withoutWaf, 'aws_wafv2_web_acl')).toEqual({});
      expect(resourcesOf(withoutWaf, 'aws_wafv2_web_acl_association')).toEqual({});
    });

    it('is on by default: a REGIONAL web ACL associated with the load balancer, its requests logged', () => {
      const withWaf = json;
      expect(onlyResource(withWaf, 'aws_cloudwatch_log_group')).toMatchObject({
        name: 'aws-waf-logs-skyport-dev-api-alb',
        retention_in_days: 365,
      });
      expect(onlyResource(withWaf, 'aws_wafv2_web_acl_logging_configuration')).toMatchObject({
        resource_arn: referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
      });
      expect(onlyResource(withWaf, 'aws_wafv2_web_acl')).toMatchObject({ scope: 'REGIONAL' });
      expect(onlyResource(withWaf, 'aws_wafv2_web_acl_association')).toEqual({
        resource_arn: referenceTo(withWaf, 'aws_lb', 'arn'),
        web_acl_arn: referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
      });
    });
  });

  it('exposes the CloudWatch dimensions, the ALBRequestCountPerTarget label and the DNS name', () => {
    const out = synthConstructs((scope) => {
      const lb = new LoadBalancer(scope, 'api', base);
      new TerraformOutput(scope, 'alb', { value: lb.arnSuffix });
      new TerraformOutput(scope, 'target_group', { value: lb.targetGroupArnSuffix });
      new TerraformOutput(scope, 'label', { value: lb.requestCountResourceLabel });
      new TerraformOutput(scope, 'dns', { value: lb.dnsName });
    });
    const albSuffix = referenceTo(out, 'aws_lb', 'arn_suffix');
    const tgSuffix = referenceTo(out, 'aws_lb_target_group', 'arn_suffix');
    expect(out.output?.alb?.value).toBe(albSuffix);
    expect(out.output?.target_group?.value).toBe(tgSuffix);
    expect(out.output?.label?.value).toBe(`${albSuffix}/${tgSuffix}`);
    expect(out.output?.dns?.value).toBe(referenceTo(out, 'aws_lb', 'dns_name'));
  });
});
