import type { Justification } from './justifications';
import {
  compareWithBaselineScan,
  evaluateStack,
  parseReport,
  stackOfFile,
  type CheckRecord,
} from './results';

const raw = (
  check_id: string,
  resource: string,
  result: string,
  file = '/dev-data/cdk.tf.json',
) => ({
  check_id,
  check_name: `${check_id} name`,
  check_result: { result },
  file_path: file,
  file_line_range: [10, 20],
  resource,
  guideline: null,
});

const report = {
  check_type: 'terraform_json',
  results: {
    passed_checks: [raw('CKV_AWS_16', 'resource.postgres_instance_1', 'PASSED')],
    failed_checks: [
      raw('CKV_AWS_157', 'resource.postgres_instance_1', 'FAILED'),
      raw('CKV2_AWS_50', 'aws_elasticache_replication_group.cache_1', 'FAILED'),
      raw('CKV_AWS_338', 'resource.logs_1', 'FAILED'),
    ],
    skipped_checks: [],
    parsing_errors: [],
  },
  summary: { passed: 1, failed: 3 },
};

const justified = (check: string, kind: 'resource' | 'data', type: string, name: string) =>
  ({
    stack: 'dev-data',
    kind,
    type,
    name,
    check,
    because: 'cost',
    reason: 'r',
    source: 'code',
  }) satisfies Justification;

describe('parseReport', () => {
  it('reads a single report, a list of reports and a bare summary', () => {
    expect(parseReport(report).records).toHaveLength(4);
    expect(parseReport([report, report]).records).toHaveLength(8);
    expect(parseReport({ passed: 0, failed: 0 }).records).toEqual([]);
  });

  it('keeps what the console and SARIF need', () => {
    const [first] = parseReport(report).records;
    expect(first).toEqual({
      checkId: 'CKV_AWS_16',
      checkName: 'CKV_AWS_16 name',
      resource: 'resource.postgres_instance_1',
      file: '/dev-data/cdk.tf.json',
      lines: [10, 20],
      result: 'PASSED',
      comment: undefined,
      guideline: undefined,
    });
  });

  it('names the stack of a record from a scan of cdktf.out/stacks', () => {
    expect(stackOfFile('/dev-app/cdk.tf.json')).toBe('dev-app');
  });
});

describe('evaluateStack', () => {
  const records = parseReport(report).records;
  const stack = { name: 'dev-data', environment: 'dev', stage: 'development' };

  it('splits failures into justified (Python or graph name) and not', () => {
    const outcome = evaluateStack(stack, records, [
      justified('CKV_AWS_157', 'resource', 'aws_db_instance', 'postgres_instance_1'),
      justified('CKV2_AWS_50', 'resource', 'aws_elasticache_replication_group', 'cache_1'),
    ]);
    expect(outcome.passed).toBe(1);
    expect(outcome.justified.map((r) => r.checkId)).toEqual(['CKV_AWS_157', 'CKV2_AWS_50']);
    expect(outcome.failed.map((r) => `${r.checkId} ${r.resource}`)).toEqual([
      'CKV_AWS_338 resource.logs_1',
    ]);
    expect(outcome.stale).toEqual([]);
  });

  it('flags a justification whose check passes, or that checkov never reports, as stale', () => {
    const outcome = evaluateStack(stack, records, [
      justified('CKV_AWS_16', 'resource', 'aws_db_instance', 'postgres_instance_1'),
      justified('CKV_AWS_999', 'resource', 'aws_db_instance', 'postgres_instance_1'),
    ]);
    expect(outcome.stale.map((s) => [s.justification.check, s.why])).toEqual([
      ['CKV_AWS_16', expect.stringMatching(/passes now/)],
      ['CKV_AWS_999', expect.stringMatching(/reports no such check/)],
    ]);
  });

  it('agrees with a baseline scan that skipped the justified and failed the rest', () => {
    const outcome = evaluateStack(stack, records, [
      justified('CKV_AWS_157', 'resource', 'aws_db_instance', 'postgres_instance_1'),
    ]);
    const asReported = (r: CheckRecord, result: CheckRecord['result']) => ({ ...r, result });
    const baselineScan = [
      ...outcome.justified.map((r) => asReported(r, 'SKIPPED')),
      ...outcome.failed,
    ];
    expect(compareWithBaselineScan(outcome, baselineScan)).toEqual([]);
    expect(compareWithBaselineScan(outcome, outcome.failed)).toEqual([
      'CKV_AWS_157 resource.postgres_instance_1: expected to be skipped by the baseline',
    ]);
  });
});
