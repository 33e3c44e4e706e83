import { Fn, TerraformOutput, TerraformVariable, Token } from 'cdktf';
import {
  dataSourceFor,
  justificationsIn,
  onlyResource,
  referenceTo,
  resourceAt,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import { LoadBalancer, type LoadBalancerProps } from './load-balancer';

const base: LoadBalancerProps = {
  name: 'skyport-dev-api',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  domainName: 'api.example.com',
  hostedZoneId: 'Z0123456789',
  targetPort: 3000,
  targetSecurityGroupId: 'sg-service',
};

const synth = (props: Partial<LoadBalancerProps> = {}) =>
  synthConstructs((scope) => {
    new LoadBalancer(scope, 'api', { ...base, ...props });
  });

type Statement = {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

const blocks = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));
const listener = (json: TerraformJson, id: 'http' | 'https') =>
  resourceAt(json, 'aws_lb_listener', id).block;
const ingressOf = (json: TerraformJson, securityGroupId: string) =>
  blocks(json, 'aws_vpc_security_group_ingress_rule').filter(
    (rule) => rule.security_group_id === securityGroupId,
  );
const logPolicy = (json: TerraformJson) =>
  dataSourceFor(json, onlyResource(json, 'aws_s3_bucket_policy').policy).statement as Statement[];

describe('LoadBalancer', () => {
  const json = synth();
  const alb = onlyResource(json, 'aws_lb');
  const albSg = referenceTo(json, 'aws_security_group', 'id');
  const bucketArn = referenceTo(json, 'aws_s3_bucket', 'arn');

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

  describe('listeners', () => {
    it('answers plain HTTP on 80 only with a 301 to HTTPS on 443', () => {
      const http = listener(json, 'http');
      expect(http).toMatchObject({ port: 80, protocol: 'HTTP' });
      expect(http.default_action).toEqual([
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' },
        },
      ]);
    });

    it('serves HTTPS on 443 with a TLS 1.3 policy and the validated certificate, forwarding to the target group', () => {
      const https = listener(json, 'https');
      expect(https).toMatchObject({
        load_balancer_arn: referenceTo(json, 'aws_lb', 'arn'),
        port: 443,
        protocol: 'HTTPS',
        ssl_policy: expect.stringMatching(/^ELBSecurityPolicy-TLS13-/),
        certificate_arn: referenceTo(json, 'aws_acm_certificate_validation', 'certificate_arn'),
      });
      expect(https.default_action).toEqual([
        { type: 'forward', target_group_arn: referenceTo(json, 'aws_lb_target_group', 'arn') },
      ]);
      const custom = synth({ sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
      expect(listener(custom, 'https').ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
    });

    it('forwards every path unless internal paths are named', () => {
      expect(blocks(json, 'aws_lb_listener_rule')).toEqual([]);
    });

    it('answers internal paths itself with a 404 on HTTPS, ahead of the forward', () => {
      const internal = synth({ internalPaths: ['/metrics', '/metrics/*'] });
      const rule = onlyResource(internal, 'aws_lb_listener_rule');
      expect(rule).toMatchObject({
        priority: 1,
        condition: [{ path_pattern: { values: ['/metrics', '/metrics/*'] } }],
        action: [
          {
            type: 'fixed-response',
            fixed_response: {
              status_code: '404',
              content_type: 'application/json',
            },
          },
        ],
      });
      const [httpsName] = Object.entries(resourcesOf(internal, 'aws_lb_listener')).find(
        ([, block]) => block.port === 443,
      ) as [string, TerraformBlock];
      expect(rule.listener_arn).toBe(`\${aws_lb_listener.${httpsName}.arn}`);
    });

    it('requests the certificate in the stack region for the domain, validated in the zone', () => {
      const certificate = onlyResource(json, 'aws_acm_certificate');
      expect(certificate).toMatchObject({
        domain_name: 'api.example.com',
        validation_method: 'DNS',
      });
      expect(certificate.provider).toBeUndefined();
      expect(resourceAt(json, 'aws_route53_record', 'validation-record').block.zone_id).toBe(
        'Z0123456789',
      );
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

  describe('security groups', () => {
    it('in internet mode admits exactly HTTPS and HTTP from any IPv4 address, each rule described', () => {
      const rules = ingressOf(json, albSg);
      expect(
        rules.map(({ from_port, to_port, ip_protocol, cidr_ipv4 }) => ({
          from_port,
          to_port,
          ip_protocol,
          cidr_ipv4,
        })),
      ).toEqual(
        expect.arrayContaining([
          { from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0' },
          { from_port: 80, to_port: 80, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0' },
        ]),
      );
      expect(rules).toHaveLength(2);
      for (const rule of rules) expect(rule.description).toEqual(expect.any(String));
    });

    describe('in cloudfront mode', () => {
      const cf = synth({ ingress: 'cloudfront' });
      const sg = referenceTo(cf, 'aws_security_group', 'id');

      it('admits exactly HTTPS from the CloudFront origin-facing prefix list and no address range', () => {
        const list = Object.entries(cf.data?.aws_ec2_managed_prefix_list ?? {});
        expect(list).toHaveLength(1);
        const [listName, listBlock] = list[0] as [string, TerraformBlock];
        expect(listBlock.name).toBe('com.amazonaws.global.cloudfront.origin-facing');
        expect(ingressOf(cf, sg)).toEqual([
          {
            security_group_id: sg,
            description: expect.any(String),
            ip_protocol: 'tcp',
            from_port: 443,
            to_port: 443,
            prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${listName}.id}`,
          },
        ]);
        const everyRule = [
          ...blocks(cf, 'aws_vpc_security_group_ingress_rule'),
          ...blocks(cf, 'aws_vpc_security_group_egress_rule'),
        ];
        expect(everyRule.some((rule) => rule.cidr_ipv4 || rule.cidr_ipv6)).toBe(false);
      });

      it('still redirects HTTP, which nothing can reach', () => {
        expect(listener(cf, 'http').default_action).toEqual([
          expect.objectContaining({ type: 'redirect' }),
        ]);
      });
    });

    it('lets the load balancer send only to the service security group on the target port', () => {
      expect(blocks(json, 'aws_vpc_security_group_egress_rule')).toEqual([
        {
          security_group_id: albSg,
          description: expect.any(String),
          ip_protocol: 'tcp',
          from_port: 3000,
          to_port: 3000,
          referenced_security_group_id: 'sg-service',
        },
      ]);
    });

    it('adds to the service security group only a rule admitting the load balancer on the target port', () => {
      expect(ingressOf(json, 'sg-service')).toEqual([
        {
          security_group_id: 'sg-service',
          description: expect.any(String),
          ip_protocol: 'tcp',
          from_port: 3000,
          to_port: 3000,
          referenced_security_group_id: albSg,
        },
      ]);
      expect(
        blocks(json, 'aws_vpc_security_group_egress_rule').filter(
          (rule) => rule.security_group_id === 'sg-service',
        ),
      ).toEqual([]);
    });

    it('describes the load balancer security group and defines no inline rules', () => {
      const sg = onlyResource(json, 'aws_security_group');
      expect(sg).toMatchObject({ vpc_id: 'vpc-0123', description: expect.any(String) });
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });
  });

  describe('access logs', () => {
    it('are on, under the alb/ prefix of the log bucket', () => {
      expect(alb.access_logs).toEqual({
        bucket: referenceTo(json, 'aws_s3_bucket', 'id'),
        prefix: 'alb',
        enabled: true,
      });
    });

    it('go to an SSE-S3, unversioned bucket whose logs expire', () => {
      expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual(
        [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      );
      expect(resourcesOf(json, 'aws_s3_bucket_versioning')).toEqual({});
      const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration')
        .rule as TerraformBlock[];
      expect(rule?.expiration).toEqual([{ days: 90 }]);
      const [shorter] = onlyResource(
        synth({ accessLogRetentionDays: 14 }),
        'aws_s3_bucket_lifecycle_configuration',
      ).rule as TerraformBlock[];
      expect(shorter?.expiration).toEqual([{ days: 14 }]);
    });

    it('may be written only by the ELB log-delivery principals, only under alb/AWSLogs/<account>/', () => {
      const statements = logPolicy(json);
      const allows = statements.filter((s) => s.effect === 'Allow');
      const objects = `${bucketArn}/alb/AWSLogs/\${data.aws_caller_identity.${Object.keys(json.data?.aws_caller_identity ?? {})[0]}.account_id}/*`;
      const elbAccount = Object.keys(json.data?.aws_elb_service_account ?? {})[0];
      expect(allows).toEqual([
        expect.objectContaining({
          principals: [
            { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
          ],
          actions: ['s3:PutObject'],
          resources: [objects],
        }),
        expect.objectContaining({
          principals: [
            { type: 'AWS', identifiers: [`\${data.aws_elb_service_account.${elbAccount}.arn}`] },
          ],
          actions: ['s3:PutObject'],
          resources: [objects],
        }),
      ]);
    });

    it('keeps the TLS-only denies of the bucket policy', () => {
      const denies = logPolicy(json).filter((s) => s.effect === 'Deny');
      expect(denies.map((s) => s.condition?.[0]?.variable).sort()).toEqual([
        'aws:SecureTransport',
        's3:TlsVersion',
      ]);
    });

    it('can leave out the legacy regional ELB account, for Regions opened since August 2022', () => {
      const json2 = synth({ legacyLogDeliveryAccount: false });
      expect(json2.data?.aws_elb_service_account).toBeUndefined();
      const allows = logPolicy(json2).filter((s) => s.effect === 'Allow');
      expect(allows.map((s) => s.principals)).toEqual([
        [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
      ]);
    });

    it('are switched on only once the bucket policy exists (ELB writes a test object at creation)', () => {
      expect(alb.depends_on).toEqual([
        `aws_s3_bucket_policy.${Object.keys(resourcesOf(json, 'aws_s3_bucket_policy'))[0]}`,
      ]);
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

  describe('audit justifications', () => {
    const justified = (props: Partial<LoadBalancerProps>) =>
      justificationsIn(
        synthConstructsWithComments((scope) => {
          new LoadBalancer(scope, 'api', { ...base, ...props });
        }),
      )
        .filter(({ address }) => !address.startsWith('data.'))
        .map(({ address, check, because }) => `${address.split('.')[0]} ${check} ${because}`)
        .sort();

    it('justifies no deletion protection and no WAF as cost, only when chosen', () => {
      expect(justified({ deletionProtection: false, webAcl: false })).toEqual([
        'aws_lb CKV2_AWS_28 cost',
        'aws_lb CKV_AWS_150 cost',
        'aws_s3_bucket CKV_AWS_144 design',
        'aws_s3_bucket CKV_AWS_145 unsupported',
        'aws_s3_bucket CKV_AWS_18 design',
        'aws_s3_bucket CKV_AWS_21 design',
        'aws_vpc_security_group_ingress_rule CKV_AWS_260 design',
      ]);
      expect(justified({})).not.toContain('aws_lb CKV_AWS_150 cost');
      expect(justified({}).filter((j) => j.endsWith(' cost'))).toEqual([]);
    });

    it('justifies port 80 only when the internet may reach it', () => {
      expect(justified({ ingress: 'cloudfront' })).not.toContain(
        'aws_vpc_security_group_ingress_rule CKV_AWS_260 design',
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

  it.each([
    [
      { name: 'skyport-development-public-api-01' },
      'LoadBalancer: name "skyport-development-public-api-01" must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"',
    ],
    [{ name: 'Skyport-api' }, /name "Skyport-api" must be 1-32 lowercase/],
    [{ name: 'internal-api' }, /name "internal-api" must be/],
    [{ targetPort: 0 }, 'LoadBalancer: targetPort must be a whole number from 1 to 65535, got 0'],
    [{ targetPort: 70000 }, /targetPort must be a whole number from 1 to 65535, got 70000/],
    [
      { subnetIds: ['subnet-a'] },
      'LoadBalancer: subnetIds must list subnets in at least 2 AZs (an ALB needs two), got 1',
    ],
    [
      { sslPolicy: 'ELBSecurityPolicy-2016-08' },
      'LoadBalancer: sslPolicy "ELBSecurityPolicy-2016-08" must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")',
    ],
    [{ healthCheckPath: 'health' }, /healthCheckPath "health" must start with "\/"/],
    [
      { deregistrationDelaySeconds: 4000 },
      'LoadBalancer: deregistrationDelaySeconds must be a whole number from 0 to 3600, got 4000',
    ],
    [{ idleTimeoutSeconds: 0 }, /idleTimeoutSeconds must be a whole number from 1 to 4000/],
    [{ accessLogRetentionDays: 0 }, /accessLogRetentionDays must be a whole number/],
    [{ ingress: 'vpn' as never }, 'LoadBalancer: ingress "vpn" is not one of internet, cloudfront'],
    [{ internalPaths: ['metrics'] }, /internalPaths entry "metrics" must start with "\/"/],
    [
      { internalPaths: ['/a', '/b', '/c', '/d', '/e', '/f'] },
      'LoadBalancer: internalPaths may list at most 5 patterns (one listener rule), got 6',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('accepts a subnet list whose length is known only at apply', () => {
    expect(() =>
      synthConstructs((scope) => {
        const subnets = new TerraformVariable(scope, 'subnets', { type: 'list(string)' });
        new LoadBalancer(scope, 'api', {
          ...base,
          subnetIds: Token.asList(Fn.tolist(subnets.listValue)),
        });
      }),
    ).not.toThrow();
  });
});
