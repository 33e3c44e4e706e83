import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { validateAtSynth } from '../validation/problems';

export interface SecurityHeadersProps {
  /** Policy name, unique in the account, e.g. `skyport-dev-security-headers`. */
  readonly name: string;
  /** The Content-Security-Policy header value. */
  readonly contentSecurityPolicy: string;
  /**
   * HSTS max-age in seconds. Two years with preload is what the HSTS preload list asks for;
   * once a domain is on that list, browsers refuse plain HTTP to it and every subdomain.
   * @default 63072000
   */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * Add `preload` to HSTS (see StaticSiteProps.hstsPreload).
   * @default true
   */
  readonly preload?: boolean;
}

/**
 * The CSP header a Next.js static export is served with. The export inlines its bootstrap scripts
 * (`self.__next_f.push(...)`), different on every page and build, so one header for the whole
 * distribution cannot list them; the site's build writes a `<meta>` policy into every page that
 * allows exactly that page's inline scripts by hash (apps/web/lib/csp.ts). A browser enforces
 * both policies, so a script must pass each: the header's 'unsafe-inline' only keeps it from
 * blocking what the page's own hashes allow, and the page policy admits nothing else. Everything
 * else is same-origin only, framing is refused, and the API is the only other origin the page
 * may call.
 */
export function staticExportCsp(apiOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * Our own CloudFront response-headers policy (not a managed one, so the CSP and HSTS are ours
 * to review): HSTS with subdomains and preload, CSP, nosniff, frame denial, a strict referrer
 * policy and a Permissions-Policy that turns off device APIs the site never uses. Every header
 * overrides what the origin sends.
 */
export class SecurityHeaders extends Construct {
  readonly policy: CloudfrontResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersProps) {
    super(scope, id);
    const maxAge = props.hstsMaxAgeSeconds ?? 63072000;
    validateAtSynth(this, (p) => p.atLeast('hstsMaxAgeSeconds', maxAge, 31536000, ' (one year)'));
    this.policy = new CloudfrontResponseHeadersPolicy(this, 'policy', {
      name: props.name,
      comment: 'Security headers for the static site',
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: maxAge,
          includeSubdomains: true,
          preload: props.preload ?? true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: props.contentSecurityPolicy,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
      },
      customHeadersConfig: {
        items: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
            override: true,
          },
        ],
      },
      // CloudFront then sends `Server: CloudFront` instead of S3's `AmazonS3`.
      removeHeadersConfig: { items: [{ header: 'Server' }] },
    });
    if (!(props.preload ?? true)) {
      justifyCheck(this.policy, {
        check: 'CKV_AWS_259',
        because: 'design',
        reason:
          'HSTS is sent (max-age of a year or more, includeSubDomains) without preload: preloading binds the apex and every subdomain for months, so only the production apex asks for it',
      });
    }
  }
}
