import { onlyResource, referenceTo, resourceAt } from '../testing';
import { synth } from './static-site-fixture';

describe('StaticSite', () => {
  const json = synth();

  describe('certificate and DNS', () => {
    it('requests the certificate in us-east-1 for the apex and www, validated by DNS, replaced create-before-destroy', () => {
      expect(onlyResource(json, 'aws_acm_certificate')).toMatchObject({
        provider: 'aws.us_east_1',
        domain_name: 'example.com',
        subject_alternative_names: ['www.example.com'],
        validation_method: 'DNS',
        lifecycle: { create_before_destroy: true },
      });
      expect(onlyResource(json, 'aws_acm_certificate_validation')).toMatchObject({
        provider: 'aws.us_east_1',
        certificate_arn: referenceTo(json, 'aws_acm_certificate', 'arn'),
      });
    });

    it('writes one validation record per name, keyed by names known at plan time', () => {
      const record = resourceAt(json, 'aws_route53_record', 'certificate/validation-record');
      const certificate = referenceTo(json, 'aws_acm_certificate', 'arn').slice(2, -5);
      const pick = (attribute: string) =>
        `\${one([for option in ${certificate}.domain_validation_options : option.${attribute} if option.domain_name == each.key])}`;
      expect(record.block).toMatchObject({
        zone_id: 'Z0123456789',
        for_each: '${toset(["example.com", "www.example.com"])}',
        name: pick('resource_record_name'),
        type: pick('resource_record_type'),
        records: [pick('resource_record_value')],
      });
      expect(onlyResource(json, 'aws_acm_certificate_validation').validation_record_fqdns).toBe(
        `\${[ for key, val in aws_route53_record.${record.name}: val.fqdn]}`,
      );
    });

    it.each([
      ['apex-a', 'example.com', 'A'],
      ['apex-aaaa', 'example.com', 'AAAA'],
      ['www-a', 'www.example.com', 'A'],
      ['www-aaaa', 'www.example.com', 'AAAA'],
    ])('points %s at the distribution', (id, name, type) => {
      expect(resourceAt(json, 'aws_route53_record', id).block).toMatchObject({
        zone_id: 'Z0123456789',
        name,
        type,
        alias: {
          name: referenceTo(json, 'aws_cloudfront_distribution', 'domain_name'),
          zone_id: referenceTo(json, 'aws_cloudfront_distribution', 'hosted_zone_id'),
          evaluate_target_health: false,
        },
      });
    });
  });
});
