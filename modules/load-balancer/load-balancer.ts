import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import { WebAcl } from '../web-acl/web-acl';

/** Who may reach the load balancer. */
export const INGRESS_MODES = ['internet', 'cloudfront'] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];

/**
 * AWS's recommended ALB policy (the console default since the 2025-09 post-quantum policies):
 * TLS 1.3 and TLS 1.2 with AEAD/ECDHE ciphers only, plus hybrid ML-KEM key exchange for clients
 * that offer it.
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

/** AWS-managed prefix list of CloudFront's origin-facing servers (IPv4). */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/** Service principal that writes ALB access logs (AWS's recommended principal in every Region). */
export const ELB_LOG_DELIVERY = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** Key prefix of access logs in the log bucket; ELB appends `/AWSLogs/<account>/...`. */
export const ACCESS_LOG_PREFIX = 'alb';

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

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { name, targetPort } = props;
    const fail = (message: string): never => {
      throw new Error(`LoadBalancer: ${message}`);
    };
    if (!/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name) || name.startsWith('internal-')) {
      fail(
        `name "${name}" must be 1-32 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen and not starting with "internal-"`,
      );
    }
    if (!Number.isInteger(targetPort) || targetPort < 1 || targetPort > 65535) {
      fail(`targetPort must be a whole number from 1 to 65535, got ${targetPort}`);
    }
    // A list token (a whole list from another resource) has no length at synth; a literal array
    // does, even when its items are tokens.
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
      fail(
        `subnetIds must list subnets in at least 2 AZs (an ALB needs two), got ${props.subnetIds.length}`,
      );
    }
    const healthCheckPath = props.healthCheckPath ?? '/health';
    if (!/^\/\S{0,1023}$/.test(healthCheckPath)) {
      fail(
        `healthCheckPath "${healthCheckPath}" must start with "/", have no spaces and be at most 1024 characters`,
      );
    }
    const deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    wholeNumberIn('deregistrationDelaySeconds', deregistrationDelay, 0, 3600);
    const idleTimeout = props.idleTimeoutSeconds ?? 60;
    wholeNumberIn('idleTimeoutSeconds', idleTimeout, 1, 4000);
    const retentionDays = props.accessLogRetentionDays ?? 90;
    wholeNumberIn('accessLogRetentionDays', retentionDays, 1, 36500);
    const ingress = props.ingress ?? 'internet';
    if (!INGRESS_MODES.includes(ingress)) {
      fail(`ingress "${String(ingress)}" is not one of ${INGRESS_MODES.join(', ')}`);
    }
    const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
    if (!Token.isUnresolved(sslPolicy) && !sslPolicy.startsWith('ELBSecurityPolicy-TLS13-')) {
      fail(`sslPolicy "${sslPolicy}" must be a TLS 1.3 policy ("ELBSecurityPolicy-TLS13-...")`);
    }
    const internalPaths = props.internalPaths ?? [];
    if (internalPaths.length > 5) {
      fail(
        `internalPaths may list at most 5 patterns (one listener rule), got ${internalPaths.length}`,
      );
    }
    for (const path of internalPaths) {
      if (!/^\/\S{0,127}$/.test(path)) {
        fail(
          `internalPaths entry "${path}" must start with "/", have no spaces and be at most 128 characters`,
        );
      }
    }
    const { accountId } = awsContext(this);

    // --- Access logs -------------------------------------------------------------------------
    // ALB log delivery supports only SSE-S3. Logs are immutable records: no versioning, expiry.
    this.accessLogs = new SecureBucket(this, 'access-logs', {
      bucketPrefix: `${trimmed(name, 27)}-alb-logs-`,
      versioned: false,
      expirationDays: retentionDays,
    });
    const logObjects = `${this.accessLogs.bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`;
    const logWriters: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'ElbLogDeliveryService',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [ELB_LOG_DELIVERY] }],
        actions: ['s3:PutObject'],
        resources: [logObjects],
      },
    ];
    if (props.legacyLogDeliveryAccount ?? true) {
      const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
      logWriters.push({
        sid: 'ElbLogDeliveryRegionalAccount',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
        actions: ['s3:PutObject'],
        resources: [logObjects],
      });
    }
    this.accessLogs.addToPolicy(...logWriters);
    // The ALB writes a test object when access logs are switched on: the policy must exist first.
    const logPolicy = this.accessLogs.policy;

    // --- Security groups ---------------------------------------------------------------------
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-alb-`,
      // Not derived from `ingress`: a new description would replace the group.
      description: `Load balancer ${name}: clients in, the service out`,
      vpcId: props.vpcId,
      tags: { Name: `${name}-alb` },
      lifecycle: { createBeforeDestroy: true },
    });
    const albSg = this.securityGroup.id;
    const tcp = (port: number) => ({ ipProtocol: 'tcp', fromPort: port, toPort: port });
    if (ingress === 'internet') {
      new VpcSecurityGroupIngressRule(this, 'https-from-internet', {
        securityGroupId: albSg,
        description: 'HTTPS from any IPv4 client',
        ...tcp(443),
        cidrIpv4: '0.0.0.0/0',
      });
      const httpFromInternet = new VpcSecurityGroupIngressRule(this, 'http-from-internet', {
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
    } else {
      const cloudFront = new DataAwsEc2ManagedPrefixList(this, 'cloudfront-origin-facing', {
        name: CLOUDFRONT_ORIGIN_FACING,
      });
      new VpcSecurityGroupIngressRule(this, 'https-from-cloudfront', {
        securityGroupId: albSg,
        description: 'HTTPS from CloudFront origin-facing servers only',
        ...tcp(443),
        prefixListId: cloudFront.id,
      });
    }
    new VpcSecurityGroupEgressRule(this, 'to-service', {
      securityGroupId: albSg,
      description: `Requests and health checks to the service on ${targetPort}`,
      ...tcp(targetPort),
      referencedSecurityGroupId: props.targetSecurityGroupId,
    });
    new VpcSecurityGroupIngressRule(this, 'service-from-alb', {
      securityGroupId: props.targetSecurityGroupId,
      description: `Requests and health checks from load balancer ${name} on ${targetPort}`,
      ...tcp(targetPort),
      referencedSecurityGroupId: albSg,
    });

    // --- Load balancer -----------------------------------------------------------------------
    // IPv4 only: the Network has no IPv6 block, and a dualstack ALB needs IPv6 subnets.
    this.alb = new Lb(this, 'alb', {
      name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'ipv4',
      subnets: props.subnetIds,
      securityGroups: [albSg],
      idleTimeout,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: props.deletionProtection ?? true,
      enableHttp2: true,
      accessLogs: {
        bucket: this.accessLogs.bucket.id,
        prefix: ACCESS_LOG_PREFIX,
        enabled: true,
      },
      tags: { Name: name },
      dependsOn: [logPolicy],
    });

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      // A prefix, not a name: the group is replaced create-before-destroy, and two groups cannot
      // share a name (name_prefix allows at most 6 characters).
      namePrefix: 'tg-',
      targetType: 'ip',
      protocol: 'HTTP',
      port: targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: String(deregistrationDelay),
      loadBalancingAlgorithmType: 'least_outstanding_requests',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: healthCheckPath,
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: `${trimmed(name, 26)}-${targetPort}` },
      lifecycle: { createBeforeDestroy: true },
    });

    this.certificate = new DnsValidatedCertificate(this, 'certificate', {
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
    });
    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy,
      certificateArn: this.certificate.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      tags: { Name: `${name}-https` },
    });
    if (internalPaths.length > 0) {
      new LbListenerRule(this, 'internal-paths', {
        listenerArn: this.httpsListener.arn,
        priority: 1,
        condition: [{ pathPattern: { values: internalPaths } }],
        action: [
          {
            type: 'fixed-response',
            fixedResponse: {
              statusCode: '404',
              contentType: 'application/json',
              messageBody: '{"statusCode":404,"error":"Not Found"}',
            },
          },
        ],
        tags: { Name: `${name}-internal-paths` },
      });
    }
    // Kept in cloudfront mode too: nothing can reach port 80 then (no rule admits it), and the
    // listener set stays the same when the mode changes.
    this.httpListener = new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
        },
      ],
      tags: { Name: `${name}-http` },
    });

    const webAcl = props.webAcl ?? true;
    if (webAcl) {
      this.webAcl = new WebAcl(this, 'web-acl', { name: `${name}-alb`, scope: 'REGIONAL' });
      new Wafv2WebAclAssociation(this, 'web-acl-association', {
        resourceArn: this.alb.arn,
        webAclArn: this.webAcl.acl.arn,
      });
    }

    new Route53Record(this, 'alias-a', {
      zoneId: props.hostedZoneId,
      name: props.domainName,
      type: 'A',
      alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
    });

    this.arnSuffix = this.alb.arnSuffix;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
    this.requestCountResourceLabel = `${this.alb.arnSuffix}/${this.targetGroup.arnSuffix}`;
    this.dnsName = this.alb.dnsName;

    this.justifyFindings({
      deletionProtection: props.deletionProtection ?? true,
      webAcl,
      retentionDays,
    });
  }

  /** Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md. */
  private justifyFindings(chosen: {
    deletionProtection: boolean;
    webAcl: boolean;
    retentionDays: number;
  }): void {
    if (!chosen.deletionProtection) {
      justifyCheck(this.alb, {
        check: 'CKV_AWS_150',
        because: 'cost',
        reason:
          'Deletion protection off so the environment can be torn down and rebuilt; production profiles turn it on',
      });
    }
    if (!chosen.webAcl) {
      justifyCheck(this.alb, {
        check: 'CKV2_AWS_28',
        because: 'cost',
        reason:
          'No WAF web ACL in front of the load balancer (about $11 a month plus requests) in a non-production environment',
      });
    }
    const logs = this.accessLogs.bucket;
    justifyCheck(logs, {
      check: 'CKV_AWS_145',
      because: 'unsupported',
      reason:
        'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS',
    });
    justifyCheck(logs, {
      check: 'CKV_AWS_18',
      because: 'design',
      reason:
        "This bucket is where the load balancer's access logs go; logging access to it would need yet another bucket, itself unlogged",
    });
    justifyCheck(logs, {
      check: 'CKV_AWS_21',
      because: 'design',
      reason: `Access logs are written once by Elastic Load Balancing and never rewritten; they expire after ${chosen.retentionDays} days, which versioning would only postpone`,
    });
    justifyCheck(logs, {
      check: 'CKV_AWS_144',
      because: 'design',
      reason:
        'Skyport runs in one region; S3 keeps the logs in at least three AZs, and they are operational records that expire',
    });
  }
}

function wholeNumberIn(prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `LoadBalancer: ${prop} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
}

/** `name` cut to `max` characters, without a trailing hyphen (AWS names may not end in one). */
function trimmed(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}
