import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { justifyShortLogRetention } from '../audit';
import { EncryptionKey } from '../encryption-key/encryption-key';
import { validateAtSynth } from '../validation/problems';

/** Request headers that carry credentials: never written to the WAF logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

export interface WebAclProps {
  /** Name of the web ACL and prefix of its metric names, e.g. `skyport-prod-edge`. */
  readonly name: string;
  /** `CLOUDFRONT` (the ACL must then live in us-east-1) or `REGIONAL` (ALB). */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /**
   * Requests one client IP may send in any 5-minute window before it is blocked (100 to 2e9).
   * @default 2000
   */
  readonly requestsPerFiveMinutes?: number;
  /**
   * Days CloudWatch keeps the ACL's request logs (log group `aws-waf-logs-<name>`, in the ACL's
   * region, encrypted with a key of its own); a CloudWatch Logs retention value.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Provider (region) the ACL lives in.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** AWS managed rule groups, in evaluation order, with rules we only count rather than block. */
const MANAGED_RULE_GROUPS: ReadonlyArray<{ name: string; countOnly?: string[] }> = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  { name: 'AWSManagedRulesCommonRuleSet' },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
  // Blocks Tor and VPN exits; cloud hosting ranges are only counted, since monitors and
  // legitimate tools run there.
  { name: 'AWSManagedRulesAnonymousIpList', countOnly: ['HostingProviderIPList'] },
];

/**
 * An AWS WAF web ACL that allows by default and blocks per-IP floods plus what the AWS managed
 * rule groups (IP reputation, common exploits, known bad inputs incl. Log4j, anonymous IPs)
 * flag. Every rule emits CloudWatch metrics and sampled requests. About $10 a month plus $0.60
 * per million requests.
 */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  /** Where WAF writes a record of every request it inspects. */
  readonly logGroup: CloudwatchLogGroup;
  readonly logKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? 365;
    const limit = props.requestsPerFiveMinutes ?? 2000;
    validateAtSynth(this, (p) => {
      p.logRetentionDays('logRetentionDays', logRetentionDays);
      p.integer('requestsPerFiveMinutes', limit, 100, 2_000_000_000);
    });
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName: `${props.name}-${metric}`,
      sampledRequestsEnabled: true,
    });

    const rules: Wafv2WebAclRule[] = [
      {
        name: 'rate-limit-per-ip',
        priority: 0,
        action: { block: {} },
        // `statement` is untyped in the provider bindings: its keys are written as Terraform spells them.
        statement: { rate_based_statement: { limit, aggregate_key_type: 'IP' } },
        visibilityConfig: visibility('rate-limit-per-ip'),
      },
      ...MANAGED_RULE_GROUPS.map(({ name, countOnly = [] }, index): Wafv2WebAclRule => ({
        name,
        priority: index + 1,
        overrideAction: { none: {} },
        statement: {
          managed_rule_group_statement: {
            name,
            vendor_name: 'AWS',
            rule_action_override: countOnly.map((rule) => ({
              name: rule,
              action_to_use: { count: {} },
            })),
          },
        },
        visibilityConfig: visibility(name),
      })),
    ];

    this.acl = new Wafv2WebAcl(this, 'acl', {
      provider: props.provider,
      name: props.name,
      description: 'Rate limit per IP and AWS managed rule groups',
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility('all'),
    });

    // WAF writes to CloudWatch Logs only in the ACL's own region (us-east-1 for CloudFront), so
    // the log group gets a key there: the environment's key lives in another region.
    this.logKey = new EncryptionKey(this, 'key', {
      alias: `${props.name}-waf-logs`,
      description: `Encrypts the request logs of the WAF web ACL ${props.name}`,
      provider: props.provider,
    });
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider: props.provider,
      // WAF accepts only destinations whose name starts with aws-waf-logs-.
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: logRetentionDays,
      kmsKeyId: this.logKey.arn,
    });
    justifyShortLogRetention(this.logGroup, logRetentionDays);
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider: props.provider,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
