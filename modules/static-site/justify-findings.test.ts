import { justifiedChecks, synthConstructsWithComments } from '../testing';
import type { StaticSiteProps } from './static-site';
import { build } from './static-site-fixture';

describe('StaticSite', () => {
  describe('audit justifications', () => {
    const justified = (props: Partial<StaticSiteProps>) => {
      const withComments = synthConstructsWithComments(build(props));
      return [
        ...justifiedChecks(withComments, 'aws_cloudfront_distribution'),
        ...justifiedChecks(withComments, 'aws_cloudfront_response_headers_policy'),
      ];
    };

    it('justifies a site without WAF or HSTS preload: WAF as cost, preload by design', () => {
      expect(justified({ webAcl: false, hstsPreload: false })).toEqual([
        'CKV2_AWS_47 cost',
        'CKV_AWS_310 design',
        'CKV_AWS_374 design',
        'CKV_AWS_68 cost',
        'CKV_AWS_86 tool',
        'CKV_AWS_259 design',
      ]);
    });

    it('justifies no cost at all for a production-like site (WAF and preload on)', () => {
      expect(justified({ webAcl: true, hstsPreload: true })).toEqual([
        'CKV_AWS_310 design',
        'CKV_AWS_374 design',
        'CKV_AWS_86 tool',
      ]);
      const all = synthConstructsWithComments(build({ webAcl: true, hstsPreload: true }));
      expect(JSON.stringify(all)).not.toContain('"because":"cost"');
    });
  });
});
