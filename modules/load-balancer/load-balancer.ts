import { Lb } from '@cdktf/provider-aws/lib/lb';
import type { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Construct } from 'constructs';
import type { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import type { SecureBucket } from '../secure-bucket/secure-bucket';
import { validateAtSynth } from '../validation/problems';
import { WebAcl } from '../web-acl/web-acl';
import { ACCESS_LOG_PREFIX, accessLogBucket } from './access-logs';
import { justifyFindings } from './justify-findings';
import { listeners } from './listeners';
import {
  checkLoadBalancerSettings,
  loadBalancerSettings,
  trimmed,
  type LoadBalancerSettings,
} from './load-balancer-settings';
import { loadBalancerSecurityGroup, type IngressMode } from './security-group';

export interface LoadBalancerProps {
  /**
   * Name of the load balancer and prefix of its other resources, e.g. `skyport-dev-api`:
   * 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen,
   * not starting with `internal-` (ALB name rules).
   */
  readonly name: string;
  /** VPC the load balancer, its security group and its target group live in. */
  readonly vpcId: string;
  /** Public-tier subnets, in at least two AZs (an ALB refuses fewer). */
  readonly subnetIds: string[];
  /**
   * Name the load balancer answers on, e.g. `api.example.com`; may be a Terraform expression.
   * Gets a DNS-validated certificate and an alias record.
   */
  readonly domainName: string;
  /** Route53 public hosted zone of `domainName`. */
  readonly hostedZoneId: string;
  /** Port the targets (containers) listen on, 1-65535, e.g. 3000. */
  readonly targetPort: number;
  /**
   * The security group of the service behind the load balancer. The load balancer may send only
   * to it, only on `targetPort`, and a rule added to it admits the load balancer on that port.
   */
  readonly targetSecurityGroupId: string;
  /**
   * Path the load balancer polls on each target; it must answer 200.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds a deregistering target keeps its in-flight requests, 0-3600. Keep it below the
   * service's container stopTimeout, or tasks are killed mid-drain.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Refuse deletion of the load balancer (turn off before `terraform destroy`).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Who may connect:
   * - `internet`: 443 and 80 (redirected to 443) from any IPv4 address;
   * - `cloudfront`: 443 only, from CloudFront's origin-facing servers (AWS-managed prefix list
   *   `com.amazonaws.global.cloudfront.origin-facing`). Nothing else reaches the load balancer.
   * @default "internet"
   */
  readonly ingress?: IngressMode;
  /**
   * Security policy of the HTTPS listener; must be a TLS 1.3 policy (`ELBSecurityPolicy-TLS13-...`).
   * @default "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
   */
  readonly sslPolicy?: string;
  /**
   * Seconds an idle client connection stays open, 1-4000.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Days access logs are kept before they expire.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Put a REGIONAL WAF web ACL (rate limit per IP and AWS managed rule groups, request logs) in
   * front of the load balancer. About $11 a month plus $0.60 per million requests and the logs.
   * Turn it off only in a non-production environment: the audit refuses the justification it then
   * records in a production stack.
   * @default true
   */
  readonly webAcl?: boolean;
  /**
   * Also let the Region's Elastic Load Balancing account (the legacy principal, looked up with
   * `data aws_elb_service_account`) write access logs, besides the log-delivery service
   * principal. Turn it off in Regions opened since August 2022 (e.g. eu-central-2,
   * me-central-1): they have no such account and the data source fails there.
   * @default true
   */
  readonly legacyLogDeliveryAccount?: boolean;
  /**
   * Path patterns the load balancer answers itself with a 404 instead of forwarding: endpoints
   * the service serves only inside the VPC, such as Prometheus' `/metrics`. At most 5 patterns
   * (one listener rule); each starts with `/`.
   * @default [] (every path is forwarded)
   */
  readonly internalPaths?: string[];
}

/**
 * An internet-facing Application Load Balancer in the public subnets (IPv4) for one service:
 * HTTPS on 443 with a DNS-validated certificate and a TLS 1.3 policy, HTTP on 80 that only
 * redirects to HTTPS, one IP-mode target group, a security group that admits the internet (or
 * only CloudFront) and sends only to the service's security group on its port, invalid headers
 * dropped, desync mitigation, deletion protection, access logs to a dedicated bucket, a Route53
 * alias and, when asked, a WAF web ACL.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  readonly securityGroup: SecurityGroup;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  readonly certificate: DnsValidatedCertificate;
  readonly accessLogs: SecureBucket;
  readonly webAcl?: WebAcl;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of ALB CloudWatch metrics. */
  readonly arnSuffix: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of CloudWatch metrics. */
  readonly targetGroupArnSuffix: string;
  /** `<alb arn suffix>/<target group arn suffix>`: resource label of `ALBRequestCountPerTarget`. */
  readonly requestCountResourceLabel: string;
  /** The load balancer's DNS name. */
  readonly dnsName: string;

  // The steps run in this order on purpose: it is the order of the blocks in the synthesized JSON.
  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const settings = loadBalancerSettings(props);
    validateAtSynth(this, (p) => checkLoadBalancerSettings(p, settings));
    this.accessLogs = accessLogBucket(this, settings);
    this.securityGroup = loadBalancerSecurityGroup(this, settings);
    this.alb = this.loadBalancer(settings);
    this.targetGroup = this.ipTargetGroup(settings);
    const { certificate, https, http } = listeners(this, this.alb, this.targetGroup, settings);
    this.certificate = certificate;
    this.httpsListener = https;
    this.httpListener = http;
    this.webAcl = settings.webAcl ? this.regionalWebAcl(settings) : undefined;
    this.aliasRecord(settings);

    this.arnSuffix = this.alb.arnSuffix;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
    this.requestCountResourceLabel = `${this.alb.arnSuffix}/${this.targetGroup.arnSuffix}`;
    this.dnsName = this.alb.dnsName;

    justifyFindings(this.alb, this.accessLogs, settings);
  }

  private loadBalancer(settings: LoadBalancerSettings): Lb {
    const { name } = settings;
    // IPv4 only: the Network has no IPv6 block, and a dualstack ALB needs IPv6 subnets.
    return new Lb(this, 'alb', {
      name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'ipv4',
      subnets: settings.subnetIds,
      securityGroups: [this.securityGroup.id],
      idleTimeout: settings.idleTimeoutSeconds,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: settings.deletionProtection,
      enableHttp2: true,
      accessLogs: {
        bucket: this.accessLogs.bucket.id,
        prefix: ACCESS_LOG_PREFIX,
        enabled: true,
      },
      tags: { Name: name },
      // The ALB writes a test object when access logs are switched on: the policy must exist first.
      dependsOn: [this.accessLogs.policy],
    });
  }

  private ipTargetGroup(settings: LoadBalancerSettings): LbTargetGroup {
    const { targetPort } = settings;
    return new LbTargetGroup(this, 'target-group', {
      // A prefix, not a name: the group is replaced create-before-destroy, and two groups cannot
      // share a name (name_prefix allows at most 6 characters).
      namePrefix: 'tg-',
      targetType: 'ip',
      protocol: 'HTTP',
      port: targetPort,
      vpcId: settings.vpcId,
      deregistrationDelay: String(settings.deregistrationDelaySeconds),
      loadBalancingAlgorithmType: 'least_outstanding_requests',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: settings.healthCheckPath,
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: `${trimmed(settings.name, 26)}-${targetPort}` },
      lifecycle: { createBeforeDestroy: true },
    });
  }

  private regionalWebAcl(settings: LoadBalancerSettings): WebAcl {
    const webAcl = new WebAcl(this, 'web-acl', { name: `${settings.name}-alb`, scope: 'REGIONAL' });
    new Wafv2WebAclAssociation(this, 'web-acl-association', {
      resourceArn: this.alb.arn,
      webAclArn: webAcl.acl.arn,
    });
    return webAcl;
  }

  private aliasRecord(settings: LoadBalancerSettings): void {
    new Route53Record(this, 'alias-a', {
      zoneId: settings.hostedZoneId,
      name: settings.domainName,
      type: 'A',
      alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
    });
  }
}
