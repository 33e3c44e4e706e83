import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { Apigatewayv2VpcLink } from '@cdktf/provider-aws/lib/apigatewayv2-vpc-link';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { justifyCheck, justifyShortLogRetention } from '../audit';
import { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import { validateAtSynth } from '../validation';

/**
 * The fields of each access-log line (JSON, one object per request): who asked, what, the answer,
 * and why the integration failed when it did, so a 503 from a missing task is told apart from the
 * application's own 503.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});

/**
 * API Gateway's newest TLS policy for HTTP APIs' custom domains: TLS 1.2 and later. The ALB's
 * TLS 1.3-only policy has no counterpart here.
 */
export const HTTP_API_SECURITY_POLICY = 'TLS_1_2';

/**
 * The header the API reads the client's address from (its CLIENT_ADDRESS_HEADER): an HTTP API
 * sends no X-Forwarded-For and may not set one, so it overwrites this one on every request.
 */
export const CLIENT_ADDRESS_HEADER = 'x-client-ip';

/** Most an HTTP API waits for its integration (API Gateway's hard limit). */
export const MAX_INTEGRATION_TIMEOUT_SECONDS = 30;

export interface HttpApiProps {
  /**
   * Name of the API and prefix of its other resources, e.g. `skyport-dev-api`: 1-40 lowercase
   * letters, digits or hyphens, starting with a letter.
   */
  readonly name: string;
  /** VPC the service's tasks and the VPC link's network interfaces live in. */
  readonly vpcId: string;
  /**
   * Subnets the VPC link places its network interfaces in, in at least two AZs: the tasks'
   * subnets (or any tier that may reach them).
   */
  readonly subnetIds: string[];
  /**
   * Name the API answers on, e.g. `api.example.com`; may be a Terraform expression. Gets a
   * DNS-validated certificate and an alias record. The default `execute-api` endpoint is
   * turned off, so this name is the only way in.
   */
  readonly domainName: string;
  /** Route53 public hosted zone of `domainName`. */
  readonly hostedZoneId: string;
  /** Port the service's containers listen on, 1-65535, e.g. 3000. */
  readonly targetPort: number;
  /**
   * The security group of the service's tasks. The VPC link may send only to it, only on
   * `targetPort`, and a rule added to it admits the VPC link on that port.
   */
  readonly targetSecurityGroupId: string;
  /** KMS key that encrypts the access-log group (its policy must admit CloudWatch Logs). */
  readonly logKmsKeyArn: string;
  /**
   * Steady requests per second the whole API accepts before answering 429 (API Gateway's
   * token bucket, shared by every client), 1-10000. Per-client limits stay the application's.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the API accepts at once above the steady rate, 1-5000.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Seconds API Gateway waits for the service before answering 504, 1-30. An HTTP API buffers
   * the whole response, so a streamed answer (Server-Sent Events) arrives at once, and only if it
   * ends within this time.
   * @default 30
   */
  readonly integrationTimeoutSeconds?: number;
  /**
   * Days the access logs are kept (a value CloudWatch Logs accepts).
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A public HTTPS entry for one ECS service without a load balancer: an API Gateway HTTP API on a
 * custom domain (DNS-validated certificate, alias record, the `execute-api` endpoint off), one
 * `$default` route proxied through a VPC link to the tasks that ECS registers in a Cloud Map
 * service, the client's address in `x-client-ip`, stage throttling, and JSON access logs in an
 * encrypted log group. It costs nothing at
 * idle (the VPC link is free, the Cloud Map zone about $0.50 a month, requests about $1 per
 * million), where
 * an ALB costs about $26 a month with its public addresses. What it lacks: WAF (HTTP APIs cannot
 * have one), target health checks (ECS replaces a task whose container health check fails and
 * deregisters it from Cloud Map), streaming responses and answers slower than 30 s.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly vpcLink: Apigatewayv2VpcLink;
  readonly securityGroup: SecurityGroup;
  readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  /** The Cloud Map service ECS registers the tasks in (`service_registries.registry_arn`). */
  readonly discoveryService: ServiceDiscoveryService;
  readonly certificate: DnsValidatedCertificate;
  readonly domain: Apigatewayv2DomainName;
  readonly accessLogs: CloudwatchLogGroup;
  /** The `ApiId` dimension of the API's CloudWatch metrics (namespace `AWS/ApiGateway`). */
  readonly apiId: string;
  /** The `Stage` dimension of the same metrics. */
  readonly stageName: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const settings = settingsOf(this, props);
    const { name } = props;

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-vpc-link-`,
      description: 'API Gateway VPC link: sends only to the service, on its port',
      vpcId: props.vpcId,
      tags: { Name: `${name}-vpc-link` },
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupEgressRule(this, 'to-service', {
      securityGroupId: this.securityGroup.id,
      description: `To the service on ${props.targetPort}`,
      ipProtocol: 'tcp',
      fromPort: props.targetPort,
      toPort: props.targetPort,
      referencedSecurityGroupId: props.targetSecurityGroupId,
    });
    new VpcSecurityGroupIngressRule(this, 'service-from-vpc-link', {
      securityGroupId: props.targetSecurityGroupId,
      description: `From the API Gateway VPC link on ${props.targetPort}`,
      ipProtocol: 'tcp',
      fromPort: props.targetPort,
      toPort: props.targetPort,
      referencedSecurityGroupId: this.securityGroup.id,
    });
    this.vpcLink = new Apigatewayv2VpcLink(this, 'vpc-link', {
      name,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
    });

    // API Gateway finds the tasks through Cloud Map's DiscoverInstances and needs each one's port,
    // which ECS records only for SRV records: an HTTP namespace (no hosted zone) would not carry
    // it. The private zone costs about $0.50 a month.
    this.namespace = new ServiceDiscoveryPrivateDnsNamespace(this, 'namespace', {
      name: `${name}.internal`,
      vpc: props.vpcId,
      description: `Tasks of ${name}, found by its API Gateway VPC link`,
    });
    this.discoveryService = new ServiceDiscoveryService(this, 'discovery-service', {
      name: 'tasks',
      description: `Running tasks of ${name}; ECS registers and deregisters them`,
      dnsConfig: {
        namespaceId: this.namespace.id,
        routingPolicy: 'MULTIVALUE',
        dnsRecords: [{ type: 'SRV', ttl: 10 }],
      },
      // ECS reports each task's container health to Cloud Map, which then returns healthy tasks
      // only. (Its failure_threshold is deprecated: AWS always uses 1.)
      healthCheckCustomConfig: {},
      forceDestroy: true,
    });

    this.api = new Apigatewayv2Api(this, 'api', {
      name,
      protocolType: 'HTTP',
      description: `${name}: HTTPS on ${props.domainName} to the service through a VPC link`,
      // Only the custom domain, with its certificate and access logs, reaches the service.
      disableExecuteApiEndpoint: true,
    });
    const integration = new Apigatewayv2Integration(this, 'integration', {
      apiId: this.api.id,
      integrationType: 'HTTP_PROXY',
      integrationMethod: 'ANY',
      connectionType: 'VPC_LINK',
      connectionId: this.vpcLink.id,
      integrationUri: this.discoveryService.arn,
      payloadFormatVersion: '1.0',
      timeoutMilliseconds: settings.integrationTimeoutSeconds * 1000,
      // Overwritten, not appended: whatever a client sends in it is gone.
      requestParameters: {
        [`overwrite:header.${CLIENT_ADDRESS_HEADER}`]: '$context.identity.sourceIp',
      },
    });
    const route = new Apigatewayv2Route(this, 'default-route', {
      apiId: this.api.id,
      routeKey: '$default',
      target: `integrations/${integration.id}`,
      authorizationType: 'NONE',
    });
    justifyCheck(route, {
      check: 'CKV_AWS_309',
      because: 'design',
      reason:
        'The API authenticates its own callers (bearer tokens on every route that needs them) and serves public pages; an API Gateway authorizer would duplicate that check on a public site',
    });

    this.accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${name}/access`,
      retentionInDays: settings.accessLogRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    justifyShortLogRetention(this.accessLogs, settings.accessLogRetentionDays);
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destinationArn: this.accessLogs.arn,
        format: ACCESS_LOG_FORMAT,
      },
      defaultRouteSettings: {
        throttlingRateLimit: settings.throttlingRateLimit,
        throttlingBurstLimit: settings.throttlingBurstLimit,
      },
    });

    this.certificate = new DnsValidatedCertificate(this, 'certificate', {
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
    });
    this.domain = new Apigatewayv2DomainName(this, 'domain', {
      domainName: props.domainName,
      domainNameConfiguration: {
        certificateArn: this.certificate.certificateArn,
        endpointType: 'REGIONAL',
        securityPolicy: HTTP_API_SECURITY_POLICY,
      },
    });
    new Apigatewayv2ApiMapping(this, 'mapping', {
      apiId: this.api.id,
      domainName: this.domain.domainName,
      stage: this.stage.name,
    });
    new Route53Record(this, 'alias-a', {
      zoneId: props.hostedZoneId,
      name: props.domainName,
      type: 'A',
      alias: {
        name: this.domain.domainNameConfiguration.targetDomainName,
        zoneId: this.domain.domainNameConfiguration.hostedZoneId,
        evaluateTargetHealth: false,
      },
    });

    this.apiId = this.api.id;
    this.stageName = this.stage.name;
  }
}

interface Settings {
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly integrationTimeoutSeconds: number;
  readonly accessLogRetentionDays: number;
}

/** The settings with their defaults; every problem with them is reported at synth. */
function settingsOf(scope: Construct, props: HttpApiProps): Settings {
  const settings: Settings = {
    throttlingRateLimit: props.throttlingRateLimit ?? 50,
    throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
    integrationTimeoutSeconds: props.integrationTimeoutSeconds ?? MAX_INTEGRATION_TIMEOUT_SECONDS,
    accessLogRetentionDays: props.accessLogRetentionDays ?? 90,
  };
  validateAtSynth(scope, (p) => {
    p.matches(
      'name',
      props.name,
      NAME,
      '1-40 lowercase letters, digits or hyphens starting with a letter, e.g. "skyport-dev-api"',
    );
    if (props.subnetIds.length < 2) {
      p.add('subnetIds', `${props.subnetIds.length} listed; list subnets in at least two AZs`);
    }
    p.integer('targetPort', props.targetPort, 1, 65535);
    p.integer('throttlingRateLimit', settings.throttlingRateLimit, 1, 10000);
    p.integer('throttlingBurstLimit', settings.throttlingBurstLimit, 1, 5000);
    p.integer(
      'integrationTimeoutSeconds',
      settings.integrationTimeoutSeconds,
      1,
      MAX_INTEGRATION_TIMEOUT_SECONDS,
    );
    p.logRetentionDays('accessLogRetentionDays', settings.accessLogRetentionDays);
  });
  return settings;
}
