import {
  onlyResource,
  referenceTo,
  resourceAt,
  resourcesOf,
  type TerraformBlock,
} from '../testing';
import { blocks, listener, synth } from './load-balancer-fixture';

describe('LoadBalancer', () => {
  const json = synth();

  describe('listeners', () => {
    it('answers plain HTTP on 80 only with a 301 to HTTPS on 443', () => {
      const http = listener(json, 'http');
      expect(http).toMatchObject({ port: 80, protocol: 'HTTP' });
      expect(http.default_action).toEqual([
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' },
        },
      ]);
    });

    it('serves HTTPS on 443 with a TLS 1.3 policy and the validated certificate, forwarding to the target group', () => {
      const https = listener(json, 'https');
      expect(https).toMatchObject({
        load_balancer_arn: referenceTo(json, 'aws_lb', 'arn'),
        port: 443,
        protocol: 'HTTPS',
        ssl_policy: expect.stringMatching(/^ELBSecurityPolicy-TLS13-/),
        certificate_arn: referenceTo(json, 'aws_acm_certificate_validation', 'certificate_arn'),
      });
      expect(https.default_action).toEqual([
        { type: 'forward', target_group_arn: referenceTo(json, 'aws_lb_target_group', 'arn') },
      ]);
      const custom = synth({ sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
      expect(listener(custom, 'https').ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
    });

    it('forwards every path unless internal paths are named', () => {
      expect(blocks(json, 'aws_lb_listener_rule')).toEqual([]);
    });

    it('answers internal paths itself with a 404 on HTTPS, ahead of the forward', () => {
      const internal = synth({ internalPaths: ['/metrics', '/metrics/*'] });
      const rule = onlyResource(internal, 'aws_lb_listener_rule');
      expect(rule).toMatchObject({
        priority: 1,
        condition: [{ path_pattern: { values: ['/metrics', '/metrics/*'] } }],
        action: [
          {
            type: 'fixed-response',
            fixed_response: {
              status_code: '404',
              content_type: 'application/json',
            },
          },
        ],
      });
      const [httpsName] = Object.entries(resourcesOf(internal, 'aws_lb_listener')).find(
        ([, block]) => block.port === 443,
      ) as [string, TerraformBlock];
      expect(rule.listener_arn).toBe(`\${aws_lb_listener.${httpsName}.arn}`);
    });

    it('requests the certificate in the stack region for the domain, validated in the zone', () => {
      const certificate = onlyResource(json, 'aws_acm_certificate');
      expect(certificate).toMatchObject({
        domain_name: 'api.example.com',
        validation_method: 'DNS',
      });
      expect(certificate.provider).toBeUndefined();
      expect(resourceAt(json, 'aws_route53_record', 'validation-record').block.zone_id).toBe(
        'Z0123456789',
      );
    });
  });
});
