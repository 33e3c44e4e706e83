import {
  onlyResource,
  ref,
  referenceTo,
  resourceAt,
  resourcesOf,
  type TerraformBlock,
} from '../testing';
import { synth } from './static-site-fixture';

describe('StaticSite', () => {
  const json = synth();
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');

  describe('WAF', () => {
    it('is off by default', () => {
      expect(resourcesOf(json, 'aws_wafv2_web_acl')).toEqual({});
      expect(distribution.web_acl_id).toBeUndefined();
    });

    it('when on, logs requests in us-east-1 to a log group with a key there, without credentials', () => {
      const withWaf = synth({ webAcl: true, webAclLogRetentionDays: 400 });
      const logGroup = onlyResource(withWaf, 'aws_cloudwatch_log_group');
      expect(logGroup).toMatchObject({
        name: 'aws-waf-logs-skyport-dev-edge',
        provider: 'aws.us_east_1',
        retention_in_days: 400,
      });
      const wafKey = resourceAt(withWaf, 'aws_kms_key', 'web-acl/key');
      expect(wafKey.block.provider).toBe('aws.us_east_1');
      expect(logGroup.kms_key_id).toBe(ref('aws_kms_key', wafKey, 'arn'));
      expect(onlyResource(withWaf, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
        provider: 'aws.us_east_1',
        resource_arn: referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
        log_destination_configs: [referenceTo(withWaf, 'aws_cloudwatch_log_group', 'arn')],
        redacted_fields: [
          { single_header: { name: 'authorization' } },
          { single_header: { name: 'cookie' } },
        ],
      });
    });

    it('when on, attaches a us-east-1 CloudFront web ACL with a rate limit and the AWS managed rule groups', () => {
      const withWaf = synth({ webAcl: true });
      const acl = onlyResource(withWaf, 'aws_wafv2_web_acl');
      expect(acl).toMatchObject({
        scope: 'CLOUDFRONT',
        provider: 'aws.us_east_1',
        default_action: { allow: {} },
      });
      const rules = acl.rule as TerraformBlock[];
      expect(rules[0]).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } },
      });
      const groups = rules.map(
        (rule) =>
          (rule.statement as { managed_rule_group_statement?: { name: string } })
            .managed_rule_group_statement?.name,
      );
      expect(groups).toEqual(
        expect.arrayContaining([
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesAnonymousIpList',
          'AWSManagedRulesCommonRuleSet',
        ]),
      );
      expect(new Set(rules.map((rule) => rule.priority)).size).toBe(rules.length);
      expect(onlyResource(withWaf, 'aws_cloudfront_distribution').web_acl_id).toBe(
        referenceTo(withWaf, 'aws_wafv2_web_acl', 'arn'),
      );
    });
  });
});
