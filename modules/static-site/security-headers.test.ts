import { onlyResource, synthConstructs, type TerraformBlock } from '../testing';
import { SecurityHeaders } from './security-headers';
import { synth } from './static-site-fixture';

describe('StaticSite', () => {
  const json = synth();

  describe('security headers', () => {
    const config = onlyResource(json, 'aws_cloudfront_response_headers_policy')
      .security_headers_config as Record<string, TerraformBlock>;

    it('sends HSTS for two years with subdomains and preload, overriding the origin', () => {
      expect(config.strict_transport_security).toEqual({
        access_control_max_age_sec: 63072000,
        include_subdomains: true,
        preload: true,
        override: true,
      });
    });

    it('leaves preload out when asked (an environment on a subdomain cannot be preloaded)', () => {
      const policy = onlyResource(
        synth({ hstsPreload: false }),
        'aws_cloudfront_response_headers_policy',
      );
      expect(
        (policy.security_headers_config as Record<string, TerraformBlock>)
          .strict_transport_security,
      ).toMatchObject({ preload: false, include_subdomains: true });
    });

    it('sends a CSP that refuses framing, plugins and foreign origins except the API', () => {
      const csp = config.content_security_policy?.content_security_policy as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("connect-src 'self' https://api.example.com");
    });

    it('sends nosniff, frame denial and a strict referrer policy', () => {
      expect(config.content_type_options).toEqual({ override: true });
      expect(config.frame_options).toEqual({ frame_option: 'DENY', override: true });
      expect(config.referrer_policy).toEqual({
        referrer_policy: 'strict-origin-when-cross-origin',
        override: true,
      });
    });

    it('refuses an HSTS max-age under a year, naming the construct and the prop', () => {
      expect(() =>
        synthConstructs((scope) => {
          new SecurityHeaders(scope, 'headers', {
            name: 'skyport-dev-security-headers',
            contentSecurityPolicy: "default-src 'self'",
            hstsMaxAgeSeconds: 86400,
          });
        }),
      ).toThrow(
        '[stack/headers] hstsMaxAgeSeconds: 86400 is out of range; use a whole number of 31536000 or more (one year)',
      );
    });
  });
});
