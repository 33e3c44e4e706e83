import type { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Construct } from 'constructs';
import { DnsValidatedCertificate } from '../certificate/dns-validated-certificate';
import type { StaticSiteSettings } from './static-site-settings';

type DomainSettings = Pick<
  StaticSiteSettings,
  'domainName' | 'wwwName' | 'hostedZoneId' | 'usEast1'
>;

/** The certificate for the apex and `www`, in us-east-1 where CloudFront takes it from. */
export function siteCertificate(
  scope: Construct,
  settings: DomainSettings,
): DnsValidatedCertificate {
  return new DnsValidatedCertificate(scope, 'certificate', {
    domainName: settings.domainName,
    alternativeNames: [settings.wwwName],
    hostedZoneId: settings.hostedZoneId,
    provider: settings.usEast1,
  });
}

/** A and AAAA aliases for the apex and `www`, pointing at the distribution. */
export function aliasRecords(
  scope: Construct,
  distribution: CloudfrontDistribution,
  settings: DomainSettings,
): void {
  for (const [recordId, recordName] of [
    ['apex', settings.domainName],
    ['www', settings.wwwName],
  ] as const) {
    for (const type of ['A', 'AAAA']) {
      new Route53Record(scope, `${recordId}-${type.toLowerCase()}`, {
        zoneId: settings.hostedZoneId,
        name: recordName,
        type,
        alias: {
          name: distribution.domainName,
          zoneId: distribution.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
  }
}
