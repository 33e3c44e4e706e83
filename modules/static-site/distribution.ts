import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import type { Construct } from 'constructs';
import type { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import type { SecureBucket } from '../secure-bucket/secure-bucket';
import type { WebAcl } from '../web-acl/web-acl';
import type { CachePolicies } from './cache-policies';
import type { SecurityHeaders } from './security-headers';
import type { StaticSiteSettings } from './static-site-settings';

export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** What the distribution serves, and how: built before it, in this order. */
export interface DistributionParts {
  readonly content: SecureBucket;
  readonly originAccess: CloudfrontOriginAccessControl;
  readonly viewerRequest: CloudfrontFunction;
  readonly headers: SecurityHeaders;
  readonly caches: CachePolicies;
  readonly certificate: DnsValidatedCertificate;
  readonly webAcl?: WebAcl;
}

/** How CloudFront reaches the site bucket: every request to it signed. */
export function originAccessControl(scope: Construct, name: string): CloudfrontOriginAccessControl {
  return new CloudfrontOriginAccessControl(scope, 'origin-access', {
    name: `${name}-site`,
    description: 'CloudFront signs every request to the site bucket',
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
}

/**
 * The CloudFront distribution of the site: HTTPS only on TLS 1.2+ for the apex and `www`, HTTP/2
 * and HTTP/3, compression, the security headers and the viewer-request function on every
 * behavior, the export's 404 page. Its access logs are set up by `siteLogDelivery`.
 */
export function siteDistribution(
  scope: Construct,
  settings: Pick<StaticSiteSettings, 'name' | 'domainName' | 'wwwName' | 'priceClass'>,
  parts: DistributionParts,
): CloudfrontDistribution {
  const { name } = settings;
  const origin = 'site-bucket';
  const behavior = {
    targetOriginId: origin,
    viewerProtocolPolicy: 'redirect-to-https',
    allowedMethods: ['GET', 'HEAD'],
    cachedMethods: ['GET', 'HEAD'],
    compress: true,
    responseHeadersPolicyId: parts.headers.policy.id,
    functionAssociation: [{ eventType: 'viewer-request', functionArn: parts.viewerRequest.arn }],
  };
  return new CloudfrontDistribution(scope, 'distribution', {
    comment: `${name} static site`,
    enabled: true,
    aliases: [settings.domainName, settings.wwwName],
    isIpv6Enabled: true,
    httpVersion: 'http2and3',
    priceClass: settings.priceClass,
    defaultRootObject: 'index.html',
    origin: [
      {
        originId: origin,
        domainName: parts.content.bucket.bucketRegionalDomainName,
        originAccessControlId: parts.originAccess.id,
      },
    ],
    defaultCacheBehavior: { ...behavior, cachePolicyId: parts.caches.pages.id },
    orderedCacheBehavior: [
      { ...behavior, pathPattern: '/_next/static/*', cachePolicyId: parts.caches.assets.id },
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
      acmCertificateArn: parts.certificate.certificateArn,
      sslSupportMethod: 'sni-only',
      minimumProtocolVersion: 'TLSv1.2_2021',
    },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    webAclId: parts.webAcl?.acl.arn,
  });
}
