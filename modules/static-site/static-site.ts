import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { DataAwsCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-canonical-user-id';
import { DataAwsCloudfrontLogDeliveryCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-cloudfront-log-delivery-canonical-user-id';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { awsContext } from '../aws-context/aws-context';
import { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import { EncryptionKey } from '../encryption-key/encryption-key';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import { WebAcl } from '../web-acl/web-acl';
import { SecurityHeaders, staticExportCsp } from './security-headers';
import { viewerRequestSource } from './viewer-request-source';

export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

export interface StaticSiteProps {
  /** Prefix of resource names, e.g. `skyport-dev` (lowercase letters, digits, hyphens). */
  readonly name: string;
  /** The apex the site answers on, e.g. `example.com`; `www.` redirects to it. */
  readonly domainName: string;
  /** Route53 public hosted zone of `domainName`. */
  readonly hostedZoneId: string;
  /**
   * An AWS provider in us-east-1: CloudFront takes certificates and WAF web ACLs only from there.
   */
  readonly usEast1: TerraformProvider;
  /**
   * Edge locations that serve the site: `PriceClass_100` (North America, Europe, Israel) is the
   * cheapest; `PriceClass_All` adds every region.
   * @default "PriceClass_100"
   */
  readonly priceClass?: PriceClass;
  /**
   * Put a WAF web ACL (rate limit per IP and AWS managed rule groups) in front of the site.
   * About $10 a month plus $0.60 per million requests.
   * @default false
   */
  readonly webAcl?: boolean;
  /**
   * The Content-Security-Policy header.
   * @default staticExportCsp("https://api.<domainName>")
   */
  readonly contentSecurityPolicy?: string;
  /**
   * Ask browsers to preload HSTS (with includeSubDomains) for the apex: once on the preload list,
   * no subdomain can be served over plain HTTP again, and leaving the list takes months.
   * @default true
   */
  readonly hstsPreload?: boolean;
  /**
   * Days CloudFront access logs are kept.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Days CloudWatch keeps the WAF web ACL's request logs (with `webAcl`); a CloudWatch Logs
   * retention value.
   * @default 365
   */
  readonly webAclLogRetentionDays?: number;
  /**
   * Days a replaced or deleted site file stays recoverable as a noncurrent version.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * A static site (the Next.js export) on a private S3 bucket served only through CloudFront with
 * Origin Access Control: HTTPS only on TLS 1.2+, HTTP/2 and HTTP/3, compression, our security
 * headers, a viewer-request function (www -> apex, `/about` -> `/about.html`), a 404 page,
 * access logs, a DNS-validated certificate and Route53 aliases for the apex and `www`.
 */
export class StaticSite extends Construct {
  readonly content: SecureBucket;
  readonly logs: SecureBucket;
  /** Encrypts the logs bucket: CloudFront's standard logs and the content bucket's access logs. */
  readonly logsKey: EncryptionKey;
  readonly distribution: CloudfrontDistribution;
  readonly certificate: DnsValidatedCertificate;
  readonly webAcl?: WebAcl;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const { name, domainName, hostedZoneId } = props;
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(name)) {
      throw new Error(
        `StaticSite: name "${name}" must be 2-31 lowercase letters, digits or hyphens, starting with a letter`,
      );
    }
    const priceClass = props.priceClass ?? 'PriceClass_100';
    if (!PRICE_CLASSES.includes(priceClass)) {
      throw new Error(
        `StaticSite: priceClass "${String(priceClass)}" is not one of ${PRICE_CLASSES.join(', ')}`,
      );
    }
    const wwwName = `www.${domainName}`;

    this.content = new SecureBucket(this, 'content', {
      bucketPrefix: `${name}-site-`,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 30,
    });

    // Access logs hold visitors' IP addresses: a key of their own, usable only by the two log
    // delivery services that write here (and by IAM principals of the account).
    const { accountId } = awsContext(this);
    this.logsKey = new EncryptionKey(this, 'logs-key', {
      alias: `${name}-site-logs`,
      description: `Encrypts the CloudFront and S3 access logs of the ${name} site`,
      allowCloudWatchLogs: false,
      statements: [
        {
          // CloudFront standard logging (legacy) writes through this principal; the CloudFront
          // Developer Guide's required statement for SSE-KMS log buckets.
          sid: 'CloudFrontDeliversStandardLogs',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
        },
        {
          sid: 'S3ServerAccessLoggingEncryptsTheAccessLogs',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
        },
      ],
    });
    // CloudFront standard logs are still delivered through an ACL grant to the awslogsdelivery
    // account, so this one bucket keeps ACLs on; nothing else may write to it.
    const logRetentionDays = props.accessLogRetentionDays ?? 90;
    this.logs = new SecureBucket(this, 'logs', {
      bucketPrefix: `${name}-site-logs-`,
      kmsKeyArn: this.logsKey.arn,
      versioned: false,
      expirationDays: logRetentionDays,
      objectOwnership: 'BucketOwnerPreferred',
    });
    // Who uploaded, replaced or deleted site files (CloudFront's logs see only what it served).
    this.content.logAccessTo(this.logs, 's3-access/');
    const owner = new DataAwsCanonicalUserId(this, 'account-canonical-user').id;
    const logDelivery = new DataAwsCloudfrontLogDeliveryCanonicalUserId(
      this,
      'log-delivery-canonical-user',
    ).id;
    const logsAcl = new S3BucketAcl(this, 'logs-acl', {
      bucket: this.logs.bucket.id,
      accessControlPolicy: {
        owner: { id: owner },
        grant: [
          { grantee: { type: 'CanonicalUser', id: owner }, permission: 'FULL_CONTROL' },
          { grantee: { type: 'CanonicalUser', id: logDelivery }, permission: 'FULL_CONTROL' },
        ],
      },
      dependsOn: [this.logs.ownership],
    });

    const originAccess = new CloudfrontOriginAccessControl(this, 'origin-access', {
      name: `${name}-site`,
      description: 'CloudFront signs every request to the site bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const viewerRequest = new CloudfrontFunction(this, 'viewer-request', {
      name: `${name}-viewer-request`,
      comment: 'www -> apex 301, /path/ -> /path 301, /about -> /about.html',
      runtime: 'cloudfront-js-2.0',
      code: viewerRequestSource(),
      publish: true,
    });
    const headers = new SecurityHeaders(this, 'security-headers', {
      name: `${name}-security-headers`,
      preload: props.hstsPreload ?? true,
      contentSecurityPolicy:
        props.contentSecurityPolicy ?? staticExportCsp(`https://api.${domainName}`),
    });
    // Pages change on every deploy: cache briefly. Hashed Next.js assets never change: cache a year.
    const pagesCache = cachePolicy(this, 'pages-cache', `${name}-pages`, 0, 300, 3600);
    const assetsCache = cachePolicy(
      this,
      'assets-cache',
      `${name}-assets`,
      86400,
      31536000,
      31536000,
    );

    this.certificate = new DnsValidatedCertificate(this, 'certificate', {
      domainName,
      alternativeNames: [wwwName],
      hostedZoneId,
      provider: props.usEast1,
    });
    if (props.webAcl) {
      this.webAcl = new WebAcl(this, 'web-acl', {
        name: `${name}-edge`,
        scope: 'CLOUDFRONT',
        provider: props.usEast1,
        logRetentionDays: props.webAclLogRetentionDays,
      });
    }

    const origin = 'site-bucket';
    const behavior = {
      targetOriginId: origin,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      responseHeadersPolicyId: headers.policy.id,
      functionAssociation: [{ eventType: 'viewer-request', functionArn: viewerRequest.arn }],
    };
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      comment: `${name} static site`,
      enabled: true,
      aliases: [domainName, wwwName],
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass,
      defaultRootObject: 'index.html',
      origin: [
        {
          originId: origin,
          domainName: this.content.bucket.bucketRegionalDomainName,
          originAccessControlId: originAccess.id,
        },
      ],
      defaultCacheBehavior: { ...behavior, cachePolicyId: pagesCache.id },
      orderedCacheBehavior: [
        { ...behavior, pathPattern: '/_next/static/*', cachePolicyId: assetsCache.id },
      ],
      // Only S3's 404 (a missing page) becomes the export's 404 page: a 403 is WAF or a real
      // denial and must stay visible as one.
      customErrorResponse: [
        {
          errorCode: 404,
          responseCode: 404,
          responsePagePath: '/404.html',
          errorCachingMinTtl: 60,
        },
      ],
      viewerCertificate: {
        acmCertificateArn: this.certificate.certificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      loggingConfig: {
        bucket: this.logs.bucket.bucketDomainName,
        prefix: 'cloudfront/',
        includeCookies: false,
      },
      webAclId: this.webAcl?.acl.arn,
      // CloudFront adds its log-delivery grant to the bucket ACL when it is created: ACLs must be
      // on by then, or creation fails.
      dependsOn: [this.logs.ownership, logsAcl],
    });

    // ListBucket lets S3 answer 404 (not 403) for a missing page. It cannot list the bucket:
    // CloudFront never asks the origin for "/" (default root object and the function rewrite it)
    // and forwards no query string.
    const onlyThisDistribution = [
      { test: 'StringEquals', variable: 'AWS:SourceArn', values: [this.distribution.arn] },
    ];
    const cloudFront = [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }];
    this.content.addToPolicy(
      {
        sid: 'ReadThroughThisDistribution',
        effect: 'Allow',
        principals: cloudFront,
        actions: ['s3:GetObject'],
        resources: [this.content.objectsArn],
        condition: onlyThisDistribution,
      },
      {
        sid: 'FindMissingPagesThroughThisDistribution',
        effect: 'Allow',
        principals: cloudFront,
        actions: ['s3:ListBucket'],
        resources: [this.content.bucketArn],
        condition: onlyThisDistribution,
      },
    );

    this.justifyFindings(props.webAcl ?? false, logRetentionDays);

    for (const [recordId, recordName] of [
      ['apex', domainName],
      ['www', wwwName],
    ] as const) {
      for (const type of ['A', 'AAAA']) {
        new Route53Record(this, `${recordId}-${type.toLowerCase()}`, {
          zoneId: hostedZoneId,
          name: recordName,
          type,
          alias: {
            name: this.distribution.domainName,
            zoneId: this.distribution.hostedZoneId,
            evaluateTargetHealth: false,
          },
        });
      }
    }
  }

  /** Findings of tools/audit (checkov) that follow from these choices; see docs/audit.md. */
  private justifyFindings(webAcl: boolean, logRetentionDays: number): void {
    if (!webAcl) {
      const reason =
        'No WAF web ACL in front of the site (about $10 a month plus requests): a non-production profile leaves it out; production profiles set edge.waf';
      justifyCheck(this.distribution, { check: 'CKV_AWS_68', because: 'cost', reason });
      justifyCheck(this.distribution, { check: 'CKV2_AWS_47', because: 'cost', reason });
    }
    justifyCheck(this.distribution, {
      check: 'CKV_AWS_374',
      because: 'design',
      reason: 'A public website for every country: there is no requirement to refuse any',
    });
    justifyCheck(this.distribution, {
      check: 'CKV_AWS_310',
      because: 'design',
      reason:
        'One origin, the site bucket in the one region Skyport runs in; a failover origin would need a replica bucket in a second region, and the content is rebuilt from git by the deploy',
    });
    const singleRegion =
      'Skyport runs in one region; S3 keeps objects in at least three AZs. The site is rebuilt from git by every deploy, and logs are operational records that expire';
    for (const bucket of [this.content.bucket, this.logs.bucket]) {
      justifyCheck(bucket, { check: 'CKV_AWS_144', because: 'design', reason: singleRegion });
    }
    justifyCheck(this.content.bucket, {
      check: 'CKV_AWS_145',
      because: 'design',
      reason:
        'The bucket holds the static export CloudFront serves to anyone: SSE-S3 encrypts it at rest, and a customer-managed key would guard nothing the site does not publish',
    });
    justifyCheck(this.logs.bucket, {
      check: 'CKV_AWS_21',
      because: 'design',
      reason: `Log objects are written once by CloudFront and S3 and never rewritten; they expire after ${logRetentionDays} days, which versioning would only postpone`,
    });
    justifyCheck(this.logs.ownership, {
      check: 'CKV2_AWS_65',
      because: 'unsupported',
      reason:
        'CloudFront standard logging delivers through an ACL grant to the awslogsdelivery account, so this log bucket must keep ACLs on (BucketOwnerPreferred)',
    });
  }
}

function cachePolicy(
  scope: Construct,
  id: string,
  name: string,
  minTtl: number,
  defaultTtl: number,
  maxTtl: number,
): CloudfrontCachePolicy {
  // Nothing but the path is in the cache key: the site varies on no cookie, header or query.
  return new CloudfrontCachePolicy(scope, id, {
    name,
    minTtl,
    defaultTtl,
    maxTtl,
    parametersInCacheKeyAndForwardedToOrigin: {
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
      cookiesConfig: { cookieBehavior: 'none' },
      headersConfig: { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
    },
  });
}
