import { failures, formatSummary, type StackReport } from './summary';

const reports: StackReport[] = [
  {
    stack: 'dev-network',
    steps: {
      validate: { status: 'ok', seconds: 2 },
      plan: { status: 'ok', seconds: 3.25 },
      apply: { status: 'ok', seconds: 10 },
      replan: { status: 'ok', seconds: 3, note: 'only known moto drift (aws_network_acl)' },
      destroy: { status: 'ok', seconds: 4 },
    },
    resources: 31,
    resourcesFrom: 'state',
  },
  {
    stack: 'dev-edge',
    steps: {
      validate: { status: 'ok', seconds: 2 },
      plan: { status: 'ok', seconds: 3 },
      apply: { status: 'skipped', reason: 'moto lacks aws_cloudfront_function' },
    },
    resources: 28,
    resourcesFrom: 'plan',
  },
  {
    stack: 'dev-app',
    steps: { validate: { status: 'failed', reason: 'validate: Error: Unsupported argument' } },
  },
];

describe('formatSummary', () => {
  const lines = formatSummary(reports);

  it('prints one row per stack with each step and the resource count', () => {
    expect(lines[0]).toMatch(/^stack\s+validate\s+plan\s+apply\s+replan\s+destroy\s+resources$/);
    expect(lines[1]).toMatch(
      /^dev-network\s+ok 2\.0s\s+ok 3\.3s\s+ok 10\.0s\s+ok 3\.0s\s+ok 4\.0s\s+31$/,
    );
    expect(lines[2]).toMatch(/^dev-edge\s+ok 2\.0s\s+ok 3\.0s\s+skip\s+-\s+-\s+28 \(plan\)$/);
    expect(lines[3]).toMatch(/^dev-app\s+FAILED\s+-/);
  });

  it('says why a step was skipped and why one failed', () => {
    expect(lines).toContain('  skipped apply: moto lacks aws_cloudfront_function (dev-edge)');
    expect(lines).toContain('  FAILED dev-app validate: validate: Error: Unsupported argument');
    expect(lines).toContain('  note dev-network replan: only known moto drift (aws_network_acl)');
  });
});

describe('failures', () => {
  it('counts failed steps only, not skipped ones', () => {
    expect(failures(reports)).toEqual(['dev-app validate: validate: Error: Unsupported argument']);
  });
});
