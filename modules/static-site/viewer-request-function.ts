import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import type { Construct } from 'constructs';
import { viewerRequestSource } from './viewer-request-source';

/** The CloudFront Function every request passes first: redirects and the export's page paths. */
export function viewerRequestFunction(scope: Construct, name: string): CloudfrontFunction {
  return new CloudfrontFunction(scope, 'viewer-request', {
    name: `${name}-viewer-request`,
    comment: 'www -> apex 301, /path/ -> /path 301, /about -> /about.html',
    runtime: 'cloudfront-js-2.0',
    code: viewerRequestSource(),
    publish: true,
  });
}
