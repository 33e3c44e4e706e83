import type { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import type { EncryptionKey } from '../encryption-key/encryption-key';
import type { SecureBucket } from '../secure-bucket/secure-bucket';
import { validateAtSynth } from '../validation/problems';
import { WebAcl } from '../web-acl/web-acl';
import { cachePolicies } from './cache-policies';
import { originAccessControl, siteDistribution, type PriceClass } from './distribution';
import { justifyFindings } from './justify-findings';
import { SecurityHeaders } from './security-headers';
import { allowReadThroughDistribution, siteBucket } from './site-bucket';
import { aliasRecords, siteCertificate } from './site-domain';
import { siteLogDelivery } from './site-log-delivery';
import { siteLogs } from './site-logs';
import {
  checkStaticSiteSettings,
  staticSiteSettings,
  type StaticSiteSettings,
} from './static-site-settings';
import { viewerRequestFunction } from './viewer-request-function';

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

  // The steps run in this order on purpose: it is the order of the blocks in the synthesized JSON.
  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const settings = staticSiteSettings(props);
    validateAtSynth(this, (p) => checkStaticSiteSettings(p, settings));
    const { name } = settings;
    this.content = siteBucket(this, settings);
    const logs = siteLogs(this, this.content, settings);
    this.logsKey = logs.key;
    this.logs = logs.bucket;
    const originAccess = originAccessControl(this, name);
    const viewerRequest = viewerRequestFunction(this, name);
    const headers = this.securityHeaders(settings);
    const caches = cachePolicies(this, name);
    this.certificate = siteCertificate(this, settings);
    this.webAcl = settings.webAcl ? this.edgeWebAcl(settings) : undefined;
    this.distribution = siteDistribution(this, settings, {
      content: this.content,
      originAccess,
      viewerRequest,
      headers,
      caches,
      certificate: this.certificate,
      webAcl: this.webAcl,
    });
    allowReadThroughDistribution(this.content, this.distribution);
    siteLogDelivery(this, this.distribution, logs, settings);
    justifyFindings(this, settings);
    aliasRecords(this, this.distribution, settings);
  }

  private securityHeaders(settings: StaticSiteSettings): SecurityHeaders {
    return new SecurityHeaders(this, 'security-headers', {
      name: `${settings.name}-security-headers`,
      preload: settings.hstsPreload,
      contentSecurityPolicy: settings.contentSecurityPolicy,
    });
  }

  private edgeWebAcl(settings: StaticSiteSettings): WebAcl {
    return new WebAcl(this, 'web-acl', {
      name: `${settings.name}-edge`,
      scope: 'CLOUDFRONT',
      provider: settings.usEast1,
      logRetentionDays: settings.webAclLogRetentionDays,
    });
  }
}
