import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  dataSourceFor,
  justifiedChecks,
  onlyResource,
  referenceTo,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
} from '../testing';
import { WebAcl, type WebAclProps } from './web-acl';

const build =
  (props: Partial<WebAclProps> = {}) =>
  (scope: Parameters<Parameters<typeof synthConstructs>[0]>[0]) => {
    const usEast1 = new AwsProvider(scope, 'us-east-1', {
      alias: 'us_east_1',
      region: 'us-east-1',
    });
    new WebAcl(scope, 'web-acl', {
      name: 'skyport-prod-edge',
      scope: 'CLOUDFRONT',
      provider: usEast1,
      ...props,
    });
  };

describe('WebAcl', () => {
  const json = synthConstructs(build());

  it('logs every inspected request to aws-waf-logs-<name>, kept a year, in the ACL region', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({
      provider: 'aws.us_east_1',
      name: 'aws-waf-logs-skyport-prod-edge',
      retention_in_days: 365,
      kms_key_id: referenceTo(json, 'aws_kms_key', 'arn'),
    });
    expect(onlyResource(json, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
      provider: 'aws.us_east_1',
      resource_arn: referenceTo(json, 'aws_wafv2_web_acl', 'arn'),
      log_destination_configs: [referenceTo(json, 'aws_cloudwatch_log_group', 'arn')],
      redacted_fields: [
        { single_header: { name: 'authorization' } },
        { single_header: { name: 'cookie' } },
      ],
    });
  });

  it('encrypts the logs with a key in the same region that CloudWatch Logs there may use', () => {
    expect(onlyResource(json, 'aws_kms_key')).toMatchObject({
      provider: 'aws.us_east_1',
      enable_key_rotation: true,
    });
    const [usEast1Region] = Object.entries(json.data?.aws_region ?? {}).find(
      ([, block]) => block.provider === 'aws.us_east_1',
    ) ?? [''];
    const statements = dataSourceFor(json, onlyResource(json, 'aws_kms_key').policy)
      .statement as TerraformBlock[];
    const logs = statements.find((s) => s.sid === 'CloudWatchLogsEncryptsThisAccountsLogGroups');
    expect(logs?.principals).toEqual([
      {
        type: 'Service',
        identifiers: [`logs.\${data.aws_region.${usEast1Region}.region}.amazonaws.com`],
      },
    ]);
  });

  it('refuses a retention CloudWatch Logs does not accept', () => {
    expect(() => synthConstructs(build({ logRetentionDays: 100 }))).toThrow(
      /\[stack\/web-acl\] logRetentionDays: 100 is not a CloudWatch Logs retention/,
    );
  });

  it('reports every problem at once, one line each', () => {
    expect(() =>
      synthConstructs(build({ logRetentionDays: 100, requestsPerFiveMinutes: 10 })),
    ).toThrow(
      /^\[stack\/web-acl\] logRetentionDays: 100 is not a CloudWatch Logs retention; use one of [\d, ]+\n\[stack\/web-acl\] requestsPerFiveMinutes: 10 is out of range; use a whole number from 100 to 2000000000$/,
    );
  });

  it('justifies a retention below a year as cost, and nothing from a year on', () => {
    const logGroup = (days: number) =>
      justifiedChecks(
        synthConstructsWithComments(build({ logRetentionDays: days })),
        'aws_cloudwatch_log_group',
      );
    expect(logGroup(30)).toEqual(['CKV_AWS_338 cost']);
    expect(logGroup(365)).toEqual([]);
  });
});
