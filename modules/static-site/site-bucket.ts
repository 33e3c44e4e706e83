import type { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { Construct } from 'constructs';
import { SecureBucket } from '../secure-bucket/secure-bucket';
import type { StaticSiteSettings } from './static-site-settings';

/** The private bucket that holds the site's files, old versions kept for a while. */
export function siteBucket(
  scope: Construct,
  settings: Pick<StaticSiteSettings, 'name' | 'noncurrentVersionExpirationDays'>,
): SecureBucket {
  return new SecureBucket(scope, 'content', {
    bucketPrefix: `${settings.name}-site-`,
    noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays,
  });
}

/** Lets the distribution, and only it, read the site's files through Origin Access Control. */
export function allowReadThroughDistribution(
  content: SecureBucket,
  distribution: CloudfrontDistribution,
): void {
  // ListBucket lets S3 answer 404 (not 403) for a missing page. It cannot list the bucket:
  // CloudFront never asks the origin for "/" (default root object and the function rewrite it)
  // and forwards no query string.
  const onlyThisDistribution = [
    { test: 'StringEquals', variable: 'AWS:SourceArn', values: [distribution.arn] },
  ];
  const cloudFront = [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }];
  content.addToPolicy(
    {
      sid: 'ReadThroughThisDistribution',
      effect: 'Allow',
      principals: cloudFront,
      actions: ['s3:GetObject'],
      resources: [content.objectsArn],
      condition: onlyThisDistribution,
    },
    {
      sid: 'FindMissingPagesThroughThisDistribution',
      effect: 'Allow',
      principals: cloudFront,
      actions: ['s3:ListBucket'],
      resources: [content.bucketArn],
      condition: onlyThisDistribution,
    },
  );
}
