import { repairHcl } from './repair-hcl';

describe('repairHcl', () => {
  it('writes an untyped WAFv2 statement as the nested blocks the provider expects, without the renderer’s warning', () => {
    const raw = [
      'rule {',
      'name = "groups"',
      '',
      '# Warning: The following attribute is of an unexpected type. Either there is a problem',
      '# We understand this is not ideal, so we suggest using JSON synthesis instead.',
      '',
      'statement = {',
      'managed_rule_group_statement = {',
      'name = "AWSManagedRulesAnonymousIpList"',
      'rule_action_override = [',
      '{',
      'name = "HostingProviderIPList"',
      'action_to_use = {',
      'count = {',
      '}',
      '}',
      '},',
      ']',
      'scope_down = [',
      ']',
      '}',
      '}',
      '',
      'visibility_config {',
    ].join('\n');
    expect(repairHcl(raw).split('\n')).toEqual([
      'rule {',
      'name = "groups"',
      '',
      'statement {',
      'managed_rule_group_statement {',
      'name = "AWSManagedRulesAnonymousIpList"',
      'rule_action_override {',
      'name = "HostingProviderIPList"',
      'action_to_use {',
      'count {',
      '}',
      '}',
      '}',
      '}',
      '}',
      '',
      'visibility_config {',
    ]);
  });

  it('writes references in depends_on, ignore_changes and provider without quotes', () => {
    const raw = [
      'provider = "aws.us_east_1"',
      'depends_on = [',
      '"aws_s3_bucket_policy.logs",',
      '"aws_kms_key.key"',
      ']',
      'lifecycle {',
      'ignore_changes = [',
      '"secret_string",',
      ']',
      '}',
      'name = "aws.not_a_reference_but_a_value"',
    ].join('\n');
    expect(repairHcl(raw).split('\n')).toEqual([
      'provider = aws.us_east_1',
      'depends_on = [',
      'aws_s3_bucket_policy.logs,',
      'aws_kms_key.key',
      ']',
      'lifecycle {',
      'ignore_changes = [',
      'secret_string,',
      ']',
      '}',
      'name = "aws.not_a_reference_but_a_value"',
    ]);
  });
});
