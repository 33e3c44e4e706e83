import type { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import type { Construct } from 'constructs';
import { CLOUDFRONT_LOG_PREFIX, type SiteLogs } from './site-logs';
import type { StaticSiteSettings } from './static-site-settings';

/**
 * CloudFront standard logging (v2): CloudWatch Logs delivers the distribution's access logs into
 * the log bucket under `cloudfront/`, through the bucket policy, so the bucket needs no ACL.
 * CloudFront is global and its log deliveries are configured in us-east-1 only.
 */
export function siteLogDelivery(
  scope: Construct,
  distribution: CloudfrontDistribution,
  logs: SiteLogs,
  settings: Pick<StaticSiteSettings, 'name' | 'usEast1'>,
): CloudwatchLogDelivery {
  const { name, usEast1 } = settings;
  const source = new CloudwatchLogDeliverySource(scope, 'access-log-source', {
    provider: usEast1,
    name: `${name}-cloudfront`,
    logType: 'ACCESS_LOGS',
    resourceArn: distribution.arn,
  });
  const destination = new CloudwatchLogDeliveryDestination(scope, 'access-log-destination', {
    provider: usEast1,
    name: `${name}-site-logs`,
    // The field layout of the legacy standard logs, so existing queries keep working.
    outputFormat: 'w3c',
    deliveryDestinationConfiguration: [
      { destinationResourceArn: `${logs.bucket.bucketArn}/${CLOUDFRONT_LOG_PREFIX}` },
    ],
  });
  return new CloudwatchLogDelivery(scope, 'access-log-delivery', {
    provider: usEast1,
    deliverySourceName: source.name,
    deliveryDestinationArn: destination.arn,
    // The first delivery writes a test object: the policy and the key must admit it by then.
    dependsOn: [logs.bucket.policy, logs.key.key],
  });
}
