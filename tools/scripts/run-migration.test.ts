import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = path.resolve(__dirname, '..', '..', 'scripts', 'run-migration.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'skyport-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for the AWS CLI: `run-task` prints a task ARN; each `describe-tasks` prints the next
 * line of the scripted statuses ("RUNNING\tNone\tNone", then "STOPPED\t0\tEssential container exited").
 */
function fakeAws(statuses: string[]): string {
  const bin = mkdtempSync(path.join(dir, 'bin-'));
  writeFileSync(path.join(bin, 'statuses'), statuses.join('\n') + '\n');
  writeFileSync(
    path.join(bin, 'aws'),
    `#!/usr/bin/env bash
echo "$*" >> "${bin}/calls"
case "$2" in
  run-task) echo "arn:aws:ecs:eu-west-1:111122223333:task/skyport-dev/abc123" ;;
  # Pop the line before printing it: the script reads the output through a process substitution
  # and may call again before this process has exited.
  describe-tasks) line=$(head -n 1 "${bin}/statuses"); sed -i 1d "${bin}/statuses"; echo "$line" ;;
  *) echo "unexpected call: $*" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(path.join(bin, 'aws'), 0o755);
  return bin;
}

const inputs = {
  CLUSTER: 'skyport-dev',
  TASK_DEFINITION: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/skyport-dev-migrate:7',
  SUBNETS: 'subnet-1,subnet-2',
  SECURITY_GROUPS: 'sg-1',
  ASSIGN_PUBLIC_IP: 'ENABLED',
  AWS_REGION: 'eu-west-1',
  MIGRATION_POLL_SECONDS: '0',
};

async function migrate(env: Record<string, string>, bin?: string) {
  try {
    const { stdout, stderr } = await run('bash', [script], {
      env: { PATH: `${bin ?? ''}:${process.env.PATH ?? ''}`, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('scripts/run-migration.sh', () => {
  it('runs the task on on-demand Fargate in the given network, waits, and succeeds on exit 0', async () => {
    const bin = fakeAws([
      'PROVISIONING\tNone\tNone',
      'RUNNING\tNone\tNone',
      'STOPPED\t0\tEssential container in task exited',
    ]);
    const result = await migrate(inputs, bin);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('migrations applied'),
    });
    const calls = readFileSync(path.join(bin, 'calls'), 'utf8');
    expect(calls).toContain('--capacity-provider-strategy capacityProvider=FARGATE,weight=1');
    expect(calls).toContain(
      'awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED}',
    );
    expect(calls.match(/describe-tasks/g)).toHaveLength(3);
  });

  it('fails the apply when the migration exits non-zero, saying where its log is', async () => {
    const bin = fakeAws(['STOPPED\t1\tEssential container in task exited']);
    const result = await migrate(inputs, bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'migration task exited with 1 (Essential container in task exited)',
    );
    expect(result.stderr).toContain("log stream 'migrate/");
  });

  it('gives up after the timeout and says the task is still running', async () => {
    const bin = fakeAws(['RUNNING\tNone\tNone', 'RUNNING\tNone\tNone']);
    const result = await migrate({ ...inputs, MIGRATION_TIMEOUT_SECONDS: '0' }, bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/still RUNNING after 0s; it keeps running/);
  });

  it('names a missing input', async () => {
    const withoutCluster: Record<string, string> = { ...inputs };
    delete withoutCluster.CLUSTER;
    const result = await migrate(withoutCluster, fakeAws([]));
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('run-migration: CLUSTER is not set'),
    });
  });

  it('skips everything when asked to', async () => {
    const result = await migrate({ SKYPORT_SKIP_MIGRATIONS: '1' });
    expect(result).toMatchObject({
      code: 0,
      stdout: 'run-migration: skipped (SKYPORT_SKIP_MIGRATIONS=1)\n',
    });
  });
});
