import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from './finding';
import { reviewStack } from './review';
import { planChanges, type PlanJson } from './saved-plan';
import { compareStack, readStacks, stackContext } from './synth-changes';

const FIXTURES = path.join(__dirname, 'fixtures');
const plan = JSON.parse(
  readFileSync(path.join(FIXTURES, 'plan', 'demo-app.show.json'), 'utf8'),
) as PlanJson;
const base = readStacks(path.join(FIXTURES, 'synth', 'base')).get('demo-app')!;
const head = readStacks(path.join(FIXTURES, 'synth', 'head')).get('demo-app')!;

/** The same plan read backwards: every change undone, so every broadening becomes a narrowing. */
function reversed(json: PlanJson): PlanJson {
  const undo: Record<string, string[]> = { create: ['delete'], delete: ['create'] };
  return {
    ...json,
    resource_changes: (json.resource_changes ?? []).map((rc) => ({
      ...rc,
      change: {
        ...rc.change,
        actions:
          rc.change.actions.length === 1
            ? (undo[rc.change.actions[0]!] ?? rc.change.actions)
            : rc.change.actions,
        before: rc.change.after,
        after: rc.change.before,
        after_unknown: {},
      },
    })),
  };
}

const fromPlan = (json: PlanJson) =>
  reviewStack({ stack: 'demo-app', environment: 'demo', changes: planChanges('demo-app', json) });
const fromSynths = (a: typeof base, b: typeof base) =>
  reviewStack(
    { stack: 'demo-app', environment: 'demo', changes: compareStack('demo-app', a, b) },
    stackContext(b),
  );

const inputs = [
  {
    input: 'a saved plan (terraform show -json)',
    broadening: fromPlan(plan),
    narrowing: fromPlan(reversed(plan)),
  },
  {
    input: 'two synths (cdk.tf.json)',
    broadening: fromSynths(base, head),
    narrowing: fromSynths(head, base),
  },
];

/** The findings on addresses ending in `resource` (plan and synth name IAM documents differently). */
const on = (findings: readonly Finding[], resource: RegExp) =>
  findings.filter((f) => resource.test(f.address));
const flagged = (
  findings: readonly Finding[],
  resource: RegExp,
  kind: Finding['kind'],
  change: RegExp,
) => on(findings, resource).some((f) => f.kind === kind && change.test(f.change));

describe.each(inputs)('the review of $input', ({ broadening, narrowing }) => {
  const findings = broadening.findings;
  const explain = () => findings.map((f) => `${f.address} [${f.kind}] ${f.change}`).join('\n');

  it('flags an IAM action added to a statement', () => {
    expect(
      flagged(findings, /task(_policy)?$/, 'iam', /ReadUploads: actions added: s3:PutObject/),
    ).toBe(true);
  });
  it('flags a wildcard resource, naming it a wildcard', () => {
    expect(
      flagged(findings, /task(_policy)?$/, 'iam', /ReadSecret: resources added: \* \(wildcard\)/),
    ).toBe(true);
  });
  it('flags a condition removed from a statement', () => {
    expect(
      flagged(
        findings,
        /task(_policy)?$/,
        'iam',
        /ReadSecret: condition removed: StringEquals aws:SourceAccount=111122223333/,
      ),
    ).toBe(true);
  });
  it('flags a new principal in a role trust policy, as trust', () => {
    expect(
      flagged(
        findings,
        /task(_trust)?$/,
        'iam',
        /trust EcsTasksAssume: principals added: AWS:arn:aws:iam::444455556666:root/,
      ),
    ).toBe(true);
  });
  it('flags a bucket policy granting Principal "*" as public, and the Deny it dropped', () => {
    expect(
      flagged(
        findings,
        /uploads(_policy)?$/,
        'public',
        /PublicRead added: actions s3:GetObject .*to \* \(wildcard\)/,
      ),
    ).toBe(true);
    expect(
      flagged(findings, /uploads(_policy)?$/, 'iam', /Deny DenyInsecureTransport removed/),
    ).toBe(true);
  });
  it('flags a security-group ingress rule from 0.0.0.0/0', () => {
    expect(
      flagged(
        findings,
        /ssh_from_anywhere$/,
        'network',
        /ingress opened: tcp 22 from 0\.0\.0\.0\/0 \(the internet\)/,
      ),
    ).toBe(true);
  });
  it('flags a port range widened', () => {
    expect(
      flagged(
        findings,
        /https_from_vpc$/,
        'network',
        /ingress opened: tcp 0-65535 from 10\.0\.0\.0\/16 \(was tcp 443 from 10\.0\.0\.0\/16\)/,
      ),
    ).toBe(true);
  });
  it('flags a CIDR widened', () => {
    expect(
      flagged(
        findings,
        /(postgres_from_office|database)$/,
        'network',
        /tcp 5432 from 10\.0\.0\.0\/8 \(was tcp 5432 from 10\.0\.1\.0\/24\)/,
      ),
    ).toBe(true);
  });
  it('flags a network ACL entry that allows everything from the internet', () => {
    expect(
      flagged(
        findings,
        /isolated$/,
        'network',
        /NACL ingress opened: all traffic from 0\.0\.0\.0\/0/,
      ),
    ).toBe(true);
  });
  it('flags an RDS instance made publicly accessible', () => {
    expect(
      flagged(
        findings,
        /postgres$/,
        'public',
        /publicly accessible \(publicly_accessible = true\)/,
      ),
    ).toBe(true);
  });
  it('flags storage encryption turned off and the KMS key removed', () => {
    expect(
      flagged(
        findings,
        /postgres$/,
        'protection',
        /storage encryption turned off \(storage_encrypted: true → false\)/,
      ),
    ).toBe(true);
    expect(flagged(findings, /postgres$/, 'protection', /KMS key removed/)).toBe(true);
  });
  it('flags deletion protection turned off', () => {
    expect(
      flagged(
        findings,
        /postgres$/,
        'protection',
        /deletion protection turned off \(deletion_protection: true → false\)/,
      ),
    ).toBe(true);
  });
  it('flags backups turned off (retention 0) and the final snapshot skipped', () => {
    expect(
      flagged(
        findings,
        /postgres$/,
        'protection',
        /backups turned off \(retention 0\) \(backup_retention_period: 7 → 0\)/,
      ),
    ).toBe(true);
    expect(flagged(findings, /postgres$/, 'protection', /no final snapshot on deletion/)).toBe(
      true,
    );
  });
  it('flags logging removed: log exports, load-balancer access logs, bucket access logging', () => {
    expect(flagged(findings, /postgres$/, 'protection', /log exports removed/)).toBe(true);
    expect(flagged(findings, /aws_lb\.api$/, 'protection', /access logging turned off/)).toBe(true);
    expect(
      flagged(
        findings,
        /aws_s3_bucket_logging\.uploads$/,
        'protection',
        /bucket access logging removed/,
      ),
    ).toBe(true);
  });
  it('flags encryption in transit, key rotation, a loosened public access block and an internet-facing load balancer', () => {
    expect(flagged(findings, /cache$/, 'protection', /encryption in transit turned off/)).toBe(
      true,
    );
    expect(flagged(findings, /aws_kms_key\.data$/, 'protection', /key rotation turned off/)).toBe(
      true,
    );
    expect(
      flagged(
        findings,
        /aws_s3_bucket_public_access_block\.uploads$/,
        'public',
        /block_public_policy off/,
      ),
    ).toBe(true);
    expect(flagged(findings, /aws_lb\.api$/, 'public', /internet-facing load balancer/)).toBe(true);
  });
  it("flags nothing else (each finding above is one of the fixture's changes)", () => {
    expect({ count: findings.length, findings: explain() }).toEqual({
      count: 23,
      findings: explain(),
    });
  });

  it('stays quiet on the same changes undone: an action removed, a CIDR narrowed, encryption turned on, rules and principals removed', () => {
    expect(narrowing.findings).toEqual([]);
  });
});

describe('changes by stack', () => {
  it("counts a plan's actions, replace included, and ignores reads and no-ops", () => {
    const review = fromPlan(plan);
    expect(review.counts).toEqual({ create: 1, update: 9, replace: 2, delete: 1 });
  });
  it('infers a replacement from two synths when an argument that forces one changes, and says it guessed', () => {
    const changes = compareStack('demo-app', base, head);
    const lb = changes.find((c) => c.address === 'aws_lb.api');
    expect(lb).toMatchObject({ action: 'replace', replaceInferred: true });
    expect(changes.find((c) => c.address === 'aws_kms_key.data')).toMatchObject({
      action: 'update',
    });
    expect(changes.find((c) => c.address === 'aws_s3_bucket_logging.uploads')).toMatchObject({
      action: 'delete',
    });
  });
  it('counts a resource whose policy document changed as changed, as the plan will', () => {
    const changes = compareStack('demo-app', base, head);
    expect(
      changes.filter((c) => /^aws_(iam_role|iam_role_policy|s3_bucket_policy)\./.test(c.address)),
    ).toEqual([
      expect.objectContaining({ address: 'aws_iam_role.task', action: 'update' }),
      expect.objectContaining({ address: 'aws_iam_role_policy.task', action: 'update' }),
      expect.objectContaining({ address: 'aws_s3_bucket_policy.uploads', action: 'update' }),
    ]);
  });
  it('finds no change between a synth and itself, whatever CDKTF wrote in its // comments', () => {
    const commented = JSON.parse(JSON.stringify(head)) as typeof head;
    (commented.resource!.aws_kms_key!.data as Record<string, unknown>)['//'] = {
      metadata: { path: 'moved/elsewhere' },
    };
    expect(compareStack('demo-app', head, commented)).toEqual([]);
  });
});
