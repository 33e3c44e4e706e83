import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import type { Construct } from 'constructs';

export interface CachePolicies {
  /** For pages, which change on every deploy. */
  readonly pages: CloudfrontCachePolicy;
  /** For hashed Next.js assets under `/_next/static/`, which never change. */
  readonly assets: CloudfrontCachePolicy;
}

/** Pages change on every deploy: cache briefly. Hashed Next.js assets never change: cache a year. */
export function cachePolicies(scope: Construct, name: string): CachePolicies {
  return {
    pages: cachePolicy(scope, 'pages-cache', `${name}-pages`, 0, 300, 3600),
    assets: cachePolicy(scope, 'assets-cache', `${name}-assets`, 86400, 31536000, 31536000),
  };
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
