import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reviewablePlan, type PlanJson } from './saved-plan';

const ROOT = path.resolve(__dirname, '..', '..');
const SYNTH = path.join(__dirname, 'fixtures', 'synth');

function review(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = mkdtempSync(path.join(tmpdir(), 'review-out-'));
  const result = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(__dirname, 'main.ts'), '--env', 'demo', '--out', out, ...args],
    { encoding: 'utf8', env: { ...process.env, ACK: '', ...env } },
  );
  return { ...result, out: path.join(out, 'demo') };
}

describe('make review (tools/review/main.ts) on two synths', () => {
  const broadening = ['--base', path.join(SYNTH, 'base'), '--head', path.join(SYNTH, 'head')];

  it('exits 1 on a broadening change, naming how to acknowledge it', () => {
    const run = review(broadening);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /\| demo-app \| `aws_vpc_security_group_ingress_rule\.ssh_from_anywhere` \| network \| ingress opened: tcp 22 from 0\.0\.0\.0\/0/,
    );
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^review: demo: 1 to add, \d+ to change, \d+ to replace, 1 to destroy; cost [\d.,]+ → [\d.,]+ USD\/month; 23 changes broaden access or weaken protection: read them, then ACK=broadening$/,
    );
  });

  it('exits 0 once acknowledged with ACK=broadening or --approve broadening, and records it', () => {
    expect(review(broadening, { ACK: 'broadening' }).status).toBe(0);
    const run = review([...broadening, '--approve', 'broadening']);
    expect(run.status).toBe(0);
    expect(
      (
        JSON.parse(readFileSync(path.join(run.out, 'review.json'), 'utf8')) as {
          acknowledged: boolean;
        }
      ).acknowledged,
    ).toBe(true);
  });

  it('refuses an acknowledgement that names something else', () => {
    const run = review(broadening, { ACK: 'yes' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ACK=yes acknowledges nothing; use ACK=broadening/);
  });

  it('exits 0 and says so on a change that only narrows access', () => {
    const run = review(['--base', path.join(SYNTH, 'head'), '--head', path.join(SYNTH, 'base')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/nothing broadens access or weakens protection$/m);
  });

  it('writes review.md, review.json, the environment drawn, and per stack the JSON, changes, cost, audit entry and the stack drawn', () => {
    const run = review(broadening, { ACK: 'broadening' });
    expect(readdirSync(run.out).sort()).toEqual(
      expect.arrayContaining(['demo-app', 'diagram.svg', 'review.json', 'review.md']),
    );
    expect(readdirSync(path.join(run.out, 'demo-app')).sort()).toEqual([
      'audit.json',
      'cdk.tf.json',
      'changes.json',
      'cost.json',
      'diagram.svg',
    ]);
    const stackSvg = readFileSync(path.join(run.out, 'demo-app', 'diagram.svg'), 'utf8');
    expect(stackSvg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    expect(stackSvg).toContain('<title>demo_app_');
    expect(run.stdout).toMatch(
      /review: wrote .* \(review\.md, review\.json, diagram\.svg, one folder per stack with its own diagram\)/,
    );
    const md = readFileSync(path.join(run.out, 'review.md'), 'utf8');
    expect(md).toMatch(/^# Review of demo\n/);
    expect(md).toMatch(
      /## Security: 23 changes broaden access or weaken protection \(acknowledged\)/,
    );
    expect(md).toMatch(/## Cost \(USD\/month, tools\/cost\)/);
    expect(md).toMatch(/"replace" is inferred roughly/);
    expect(existsSync(path.join(run.out, 'demo-app', 'cdk.tf.json'))).toBe(true);
  });

  it('without Graphviz, writes each picture as its DOT source and says how to get SVG', () => {
    const nodeOnly = mkdtempSync(path.join(tmpdir(), 'review-no-dot-'));
    symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
    const run = review(broadening, { ACK: 'broadening', PATH: nodeOnly });
    expect(run.status).toBe(0);
    expect(readdirSync(run.out)).toContain('diagram.dot');
    expect(readdirSync(path.join(run.out, 'demo-app'))).toEqual(
      expect.arrayContaining(['diagram.dot']),
    );
    expect(readFileSync(path.join(run.out, 'demo-app', 'diagram.dot'), 'utf8')).toMatch(
      /^digraph "skyport-demo" \{/,
    );
    expect(run.stdout).toMatch(/diagram\.dot \(no Graphviz: make graphviz\), one folder per stack/);
  });

  it('names the environment it needs', () => {
    const run = review(['--env', 'nope', ...broadening]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /no stacks of environment "nope" in .* \(it has: demo\); run make synth ENV=nope/,
    );
  });
});

describe('make review FROM=plan', () => {
  it('reads the changes from the saved plan and the cost from the synths, and copies each plan into its stack folder', () => {
    const plans = mkdtempSync(path.join(tmpdir(), 'review-plans-'));
    const show = JSON.parse(
      readFileSync(path.join(__dirname, 'fixtures', 'plan', 'demo-app.show.json'), 'utf8'),
    ) as PlanJson;
    writeFileSync(
      path.join(plans, 'summary.json'),
      JSON.stringify({ stacks: [{ stack: 'demo-app', status: 'changes' }] }),
    );
    writeFileSync(path.join(plans, 'demo-app.plan.json'), JSON.stringify(reviewablePlan(show)));
    const run = review([
      '--from',
      'plan',
      '--plans',
      plans,
      '--base',
      path.join(SYNTH, 'base'),
      '--head',
      path.join(SYNTH, 'head'),
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /\| demo-app \| `aws_iam_role_policy\.task` \| IAM \| statement ReadUploads: actions added: s3:PutObject \(policy\) \|/,
    );
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^review: demo: 1 to add, 9 to change, 2 to replace, 1 to destroy; cost .*; 23 changes broaden/,
    );
    expect(readdirSync(path.join(run.out, 'demo-app'))).toContain('plan.json');
  });

  it('says what to run when there is no saved plan', () => {
    const run = review([
      '--from',
      'plan',
      '--plans',
      mkdtempSync(path.join(tmpdir(), 'no-plans-')),
      '--base',
      path.join(SYNTH, 'base'),
      '--head',
      path.join(SYNTH, 'head'),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/summary\.json does not exist: run `make plan ENV=<env>` first/);
  });
});
