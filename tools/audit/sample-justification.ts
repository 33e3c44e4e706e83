import type { Justification } from './justifications';

/** A justification as the tests' sample stack records it; `overrides` changes single fields. */
export function sampleJustification(overrides: Partial<Justification> = {}): Justification {
  return {
    stack: 'dev-data',
    kind: 'resource',
    type: 'aws_db_instance',
    name: 'postgres_instance_1',
    check: 'CKV_AWS_157',
    because: 'cost',
    reason: 'A standby doubles the cost',
    source: 'code',
    ...overrides,
  };
}
