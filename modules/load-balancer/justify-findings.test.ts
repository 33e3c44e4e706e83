import { justificationsIn, synthConstructsWithComments } from '../testing';
import { LoadBalancer, type LoadBalancerProps } from './load-balancer';
import { base } from './load-balancer-fixture';

describe('LoadBalancer', () => {
  describe('audit justifications', () => {
    const justified = (props: Partial<LoadBalancerProps>) =>
      justificationsIn(
        synthConstructsWithComments((scope) => {
          new LoadBalancer(scope, 'api', { ...base, ...props });
        }),
      )
        .filter(({ address }) => !address.startsWith('data.'))
        .map(({ address, check, because }) => `${address.split('.')[0]} ${check} ${because}`)
        .sort();

    it('justifies no deletion protection and no WAF as cost, only when chosen', () => {
      expect(justified({ deletionProtection: false, webAcl: false })).toEqual([
        'aws_lb CKV2_AWS_28 cost',
        'aws_lb CKV_AWS_150 cost',
        'aws_s3_bucket CKV_AWS_144 design',
        'aws_s3_bucket CKV_AWS_145 unsupported',
        'aws_s3_bucket CKV_AWS_18 design',
        'aws_s3_bucket CKV_AWS_21 design',
        'aws_vpc_security_group_ingress_rule CKV_AWS_260 design',
      ]);
      expect(justified({})).not.toContain('aws_lb CKV_AWS_150 cost');
      expect(justified({}).filter((j) => j.endsWith(' cost'))).toEqual([]);
    });

    it('justifies port 80 only when the internet may reach it', () => {
      expect(justified({ ingress: 'cloudfront' })).not.toContain(
        'aws_vpc_security_group_ingress_rule CKV_AWS_260 design',
      );
    });
  });
});
