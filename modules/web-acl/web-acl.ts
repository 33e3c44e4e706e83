import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

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

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const limit = props.requestsPerFiveMinutes ?? 2000;
    if (!Number.isInteger(limit) || limit < 100 || limit > 2_000_000_000) {
      throw new Error(
        `WebAcl: requestsPerFiveMinutes must be a whole number from 100 to 2000000000, got ${limit}`,
      );
    }
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
  }
}
