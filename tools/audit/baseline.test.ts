import { baselineFor } from './baseline';
import { sampleJustification } from './sample-justification';

const justification = sampleJustification;

describe('baselineFor', () => {
  it('lists a resource under both names checkov reports (Python and graph checks)', () => {
    const baseline = baselineFor([
      justification({}),
      justification({ check: 'CKV_AWS_293', because: 'cost', reason: 'Torn down often' }),
    ]);
    expect(baseline.failed_checks).toHaveLength(1);
    expect(baseline.failed_checks[0]?.file).toBe('/cdk.tf.json');
    expect(baseline.failed_checks[0]?.findings.map((f) => [f.resource, f.check_ids])).toEqual([
      ['aws_db_instance.postgres_instance_1', ['CKV_AWS_157', 'CKV_AWS_293']],
      ['resource.postgres_instance_1', ['CKV_AWS_157', 'CKV_AWS_293']],
    ]);
  });

  it('names data sources data.<name> and <type>.<name>', () => {
    const baseline = baselineFor([
      justification({ kind: 'data', type: 'aws_iam_policy_document', name: 'key_policy_1' }),
    ]);
    expect(baseline.failed_checks[0]?.findings.map((f) => f.resource)).toEqual([
      'aws_iam_policy_document.key_policy_1',
      'data.key_policy_1',
    ]);
  });

  it('carries the reason in an extra key checkov ignores', () => {
    const [finding] = baselineFor([justification({})]).failed_checks[0]?.findings ?? [];
    expect(finding?.justifications).toEqual([
      {
        check: 'CKV_AWS_157',
        because: 'cost',
        reason: 'A standby doubles the cost',
        source: 'code',
      },
    ]);
  });

  it('is empty without justifications', () => {
    expect(baselineFor([])).toEqual({ failed_checks: [] });
  });
});
