import { sampleJustification } from './sample-justification';
import {
  DOCS_END,
  DOCS_START,
  docsAreCurrent,
  formatFailures,
  formatSummary,
  justificationTable,
  junitXml,
  withDocsTable,
} from './report';
import type { CheckRecord, StackOutcome } from './results';
import { mergeSarif, repositoryUri } from './sarif';

const j = sampleJustification({ reason: 'A standby | doubles the cost' });

const record = (checkId: string, result: CheckRecord['result']): CheckRecord => ({
  checkId,
  checkName: `${checkId} name`,
  resource: 'resource.postgres_instance_1',
  file: '/cdk.tf.json',
  lines: [7, 9],
  result,
});

const outcome = (failed: CheckRecord[]): StackOutcome => ({
  stack: 'dev-data',
  environment: 'dev',
  stage: 'development',
  passed: 1,
  failed,
  justified: [record('CKV_AWS_157', 'FAILED')],
  stale: [],
});

describe('console', () => {
  it('prints one row per stack and a total', () => {
    expect(formatSummary([outcome([])])).toEqual([
      'stack     env  stage        passed  failed  justified  stale',
      'dev-data  dev  development       1       0          1      0',
      'total                            1       0          1      0',
    ]);
  });

  it('lists each unjustified failure with its check, block and line', () => {
    expect(formatFailures([outcome([record('CKV_AWS_293', 'FAILED')])])).toEqual([
      'dev-data: CKV_AWS_293 FAILED on resource.postgres_instance_1 (/cdk.tf.json:7): CKV_AWS_293 name',
    ]);
  });
});

describe('docs/audit.md table', () => {
  const doc = `# Audit\n\n${DOCS_START}\n${DOCS_END}\n\nmore text\n`;
  const table = justificationTable([j]);

  it('renders stack, block, check, category and reason, escaping pipes', () => {
    expect(table[2]).toContain('| dev-data | `aws_db_instance.postgres_instance_1` | CKV_AWS_157');
    expect(table[2]).toContain('A standby \\| doubles the cost');
  });

  it('is current once written, whatever the padding, and stale after a change', () => {
    expect(docsAreCurrent(doc, table)).toBe(false);
    const written = withDocsTable(doc, table);
    expect(written).toContain('more text');
    expect(docsAreCurrent(written, table)).toBe(true);
    expect(docsAreCurrent(written.replaceAll('  ', ' '), table)).toBe(true);
    expect(docsAreCurrent(written, justificationTable([{ ...j, reason: 'other' }]))).toBe(false);
  });
});

describe('junitXml', () => {
  it('makes unjustified failures failures and justified ones skipped with their reason', () => {
    const records = [record('CKV_AWS_16', 'PASSED'), record('CKV_AWS_157', 'FAILED')];
    const text = junitXml([{ outcome: outcome([]), records }], [j]);
    expect(text).toContain('tests="2" failures="0" errors="0" skipped="1"');
    expect(text).toContain('<skipped message="cost: A standby | doubles the cost"/>');
  });
});

describe('mergeSarif', () => {
  const sarif = (ruleId: string) => ({
    runs: [
      {
        tool: { driver: { name: 'Checkov', rules: [{ id: ruleId }] } },
        results: [
          {
            ruleId,
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'cdk.tf.json' },
                  region: { startLine: 7 },
                },
              },
            ],
            suppressions: [{ kind: 'inSource', justification: 'baseline-skipped' }],
          },
        ],
      },
    ],
  });

  it('makes one run with deduplicated rules, repository paths and the reasons', () => {
    const merged = mergeSarif(
      ['dev-data', 'prod-data'].map((stack) => ({
        stack,
        sarif: sarif('CKV_AWS_157'),
        dir: `cdktf.out/stacks/${stack}`,
        records: [record('CKV_AWS_157', 'SKIPPED')],
        reasons: new Map([['CKV_AWS_157 resource.postgres_instance_1', 'cost: A standby']]),
      })),
    );
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs?.[0]?.tool?.driver?.rules).toEqual([{ id: 'CKV_AWS_157' }]);
    const results = merged.runs?.[0]?.results ?? [];
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      'cdktf.out/stacks/dev-data/cdk.tf.json',
      'cdktf.out/stacks/prod-data/cdk.tf.json',
    ]);
    expect(results[0]?.suppressions).toEqual([
      { kind: 'external', justification: 'cost: A standby' },
    ]);
  });

  it('keeps a path checkov already wrote from the repository root', () => {
    expect(repositoryUri('cdktf.out/stacks/x', 'cdktf.out/stacks/x/cdk.tf.json')).toBe(
      'cdktf.out/stacks/x/cdk.tf.json',
    );
  });
});
