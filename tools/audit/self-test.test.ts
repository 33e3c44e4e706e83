import path from 'node:path';
import type { CheckRecord } from './results';
import { judgeCanary, policyIds } from './self-test';

const POLICIES = path.join(__dirname, 'policies');

const record = (checkId: string, resource: string, result: CheckRecord['result']): CheckRecord => ({
  checkId,
  checkName: checkId,
  resource,
  file: '/cdk.tf.json',
  lines: [1, 2],
  result,
});

describe('policyIds', () => {
  it('reads the id of every custom policy', () => {
    expect(policyIds(POLICIES)).toEqual([
      'CKV2_SKYPORT_1',
      'CKV2_SKYPORT_2',
      'CKV2_SKYPORT_3',
      'CKV2_SKYPORT_4',
    ]);
  });
});

describe('judgeCanary', () => {
  const expected = {
    fail: [{ check: 'CKV2_SKYPORT_1', resource: 'aws_ecs_task_definition.bad', what: 'rw root' }],
    pass: [{ check: 'CKV2_SKYPORT_1', resource: 'aws_ecs_task_definition.good' }],
  };

  it('is satisfied when every planted finding fails and every control passes', () => {
    const records = [
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.bad', 'FAILED'),
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.good', 'PASSED'),
    ];
    expect(judgeCanary(records, expected, ['CKV2_SKYPORT_1'])).toEqual([]);
  });

  it('fails the audit when checkov misses a planted finding', () => {
    const records = [
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.bad', 'PASSED'),
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.good', 'PASSED'),
    ];
    expect(judgeCanary(records, expected, ['CKV2_SKYPORT_1'])).toEqual([
      'CKV2_SKYPORT_1 did not fail on aws_ecs_task_definition.bad (rw root)',
    ]);
  });

  it('fails the audit for a policy that has no planted finding', () => {
    const records = [
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.bad', 'FAILED'),
      record('CKV2_SKYPORT_1', 'aws_ecs_task_definition.good', 'PASSED'),
    ];
    expect(judgeCanary(records, expected, ['CKV2_SKYPORT_1', 'CKV2_SKYPORT_9'])).toEqual([
      'policy CKV2_SKYPORT_9 has no expected failure in the canary fixture: add one',
    ]);
  });
});
