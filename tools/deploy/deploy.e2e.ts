/**
 * make plan / deploy / destroy end to end against moto on loopback (tools/deploy/testing/fixture.ts
 * has the app), with stand-ins for docker and the AWS CLI on PATH. Needs terraform and the
 * provider (make toolchain) and moto (MOTO_SERVER): `make validate` runs it (deploy-e2e).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  startEcsDeploymentsProxy,
  type EcsDeploymentsProxy,
} from './testing/ecs-deployments-proxy';
import { STATE_BUCKET, writeDemoApp, writeStandIns } from './testing/fixture';

jest.setTimeout(15 * 60 * 1000);

const repository = path.resolve(__dirname, '..', '..');
const root = mkdtempSync(path.join(tmpdir(), 'skyport-deploy-'));
const bin = path.join(root, 'bin');
const outdir = writeDemoApp(root, path.join(repository, 'scripts', 'run-migration.sh'));
writeStandIns(bin);
const site = path.join(root, 'site');
mkdirSync(site);
writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>demo</title>');
mkdirSync(path.join(root, 'environments'));
const variables = path.join(root, 'environments', 'demo.tfvars');
const config = path.join(root, 'skyport.config.json');

let moto: ChildProcess;
let proxy: EcsDeploymentsProxy;

interface Run {
  readonly code: number;
  readonly output: string;
}

function skyport(command: string, extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(repository, 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, 'main.ts'), command, '--outdir', outdir],
      {
        cwd: root,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          SKYPORT_ROOT: root,
          SKYPORT_AWS_ENDPOINT: proxy.endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: 'eu-west-1',
          ENV: 'demo',
          SITE_DIR: site,
          MIGRATION_POLL_SECONDS: '0',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...extra,
        },
      },
    );
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }),
    );
  });
}

/** The stand-ins' calls, as `[milliseconds, "aws ecs run-task ..."]`. */
function standInCalls(): [number, string][] {
  const file = path.join(bin, 'calls');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => [Number(line.split(' ')[0]), line.slice(line.indexOf(' ') + 1)]);
}
const serviceChanges = () =>
  proxy.calls.filter((call) => call.action === 'CreateService' || call.action === 'UpdateService');
const lastLine = (run: Run) => run.output.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  const server = process.env.MOTO_SERVER;
  if (!server || !existsSync(server)) {
    throw new Error(
      'MOTO_SERVER is not set to moto_server: run `make validate`, or `export MOTO_SERVER=$(scripts/terraform-toolchain.sh moto)`',
    );
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const endpoint = `http://localhost:${port}`;
  moto = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 150; i += 1) {
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  proxy = await startEcsDeploymentsProxy(endpoint);
  // The bucket `make bootstrap` would have created.
  await new S3Client({
    region: 'eu-west-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  }).send(
    new CreateBucketCommand({
      Bucket: STATE_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
});

afterAll(async () => {
  await proxy?.close();
  moto?.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('make check-vars', () => {
  it('names a typo with the variable it probably meant, and a missing value with the stacks that need it', async () => {
    writeFileSync(variables, 'domian_name = "demo.example.com"\n');
    const run = await skyport('check-vars');
    expect(run.code).toBe(2);
    expect(run.output).toContain(
      'environments/demo.tfvars:1: domian_name is not a variable of any stack here; did you mean domain_name?',
    );
    expect(run.output).toContain(
      'environments/demo.tfvars: domain_name is missing (needed by demo-app, demo-edge)',
    );
    expect(run.output).toContain(
      'environments/demo.tfvars: alert_email is missing (needed by demo-app)',
    );
  });

  it("checks each value by the stack's own validation rule", async () => {
    writeFileSync(
      variables,
      'domain_name = "https://demo.example.com"\nalert_email = "ops@example.com"\n',
    );
    const run = await skyport('check-vars');
    expect(run.code).toBe(2);
    expect(run.output).toContain(
      'environments/demo.tfvars:1: domain_name = "https://demo.example.com": domain_name must be a lowercase DNS name',
    );
  });

  it('accepts a complete file and lists what each stack gets', async () => {
    writeFileSync(
      variables,
      '# demo\ndomain_name = "demo.example.com"\nalert_email = "ops@example.com"\n',
    );
    const run = await skyport('check-vars');
    expect(run.output).toContain('demo-network: no variables');
    expect(run.output).toContain('demo-edge: domain_name');
    expect(lastLine(run)).toMatch(/^check-vars: demo: environments\/demo.tfvars is valid/);
    expect(run.code).toBe(0);
  });
});

describe('make plan', () => {
  it('refuses while no state bucket is configured, with the fix', async () => {
    writeFileSync(config, JSON.stringify({ state: { bucket: null, region: 'eu-west-1' } }));
    const run = await skyport('plan');
    expect(run.code).toBe(1);
    expect(run.output).toContain('make bootstrap BUCKET=<globally-unique-name> REGION=<region>');
    writeFileSync(config, JSON.stringify({ state: { bucket: STATE_BUCKET, region: 'eu-west-1' } }));
  });

  it('plans in dependency order, marks a stack that needs another applied first, and writes the summary and full plans', async () => {
    const run = await skyport('plan', { IMAGE_TAG: 'plan1' });
    expect(run.output).toContain('demo: 3 stacks in order: demo-network -> demo-app -> demo-edge');
    const summary = JSON.parse(
      readFileSync(path.join(root, '.skyport', 'plans', 'demo', 'summary.json'), 'utf8'),
    ) as {
      stacks: { stack: string; status: string; add: number; plan?: string }[];
    };
    const byStack = Object.fromEntries(summary.stacks.map((stack) => [stack.stack, stack]));
    expect(byStack['demo-network']).toMatchObject({
      status: 'changes',
      add: 3,
      plan: 'demo-network.txt',
    });
    expect(byStack['demo-edge']).toMatchObject({ status: 'changes', add: 2 });
    expect(byStack['demo-app']?.status).toBe('blocked');
    expect(
      readFileSync(path.join(root, '.skyport', 'plans', 'demo', 'demo-network.txt'), 'utf8'),
    ).toContain('aws_vpc.vpc will be created');
    expect(run.output).not.toContain('undeclared variable');
    expect(lastLine(run)).toMatch(
      /^plan: demo: 3 stacks, 2 with changes, 0 unchanged, 1 blocked \(5 to add/,
    );
    expect(run.code).toBe(0);
  });
});

describe('make deploy', () => {
  it('applies in order, pushes the image, runs the migration before the service changes, and publishes the site', async () => {
    const run = await skyport('deploy', { IMAGE_TAG: 'v1' });
    expect(lastLine(run)).toMatch(/^deploy: demo: deployed v1 in /);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/\[\d+\/\d+\] demo-app: image v1 .*: pushed to .*demo\/api \(/);
    expect(run.output).toMatch(
      /site: build for the API origin and publish .*: 1 uploaded, 0 unchanged, 0 deleted, invalidation /,
    );
    const runTask = standInCalls().find(([, call]) => call.startsWith('aws ecs run-task'));
    expect(runTask).toBeDefined();
    expect(serviceChanges()).toHaveLength(1);
    expect(serviceChanges()[0]!.at).toBeGreaterThan(runTask![0]);
    // Plans and lock files live outside cdktf.out, so a re-synth keeps them.
    expect(
      existsSync(path.join(root, '.skyport', 'terraform', 'demo-app', '.terraform.lock.hcl')),
    ).toBe(true);
  });

  it('stops at a failed migration: the service keeps its task definition', async () => {
    writeFileSync(path.join(bin, 'migration-exit'), '1\n');
    const before = serviceChanges().length;
    const run = await skyport('deploy', { IMAGE_TAG: 'v2' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('demo-app: migrations');
    expect(run.output).toMatch(/stopped at step \d+\/\d+ \(demo-app: migrations/);
    expect(serviceChanges()).toHaveLength(before);
    writeFileSync(path.join(bin, 'migration-exit'), '0\n');
  });

  it('fails when the deployment never reaches steady state (the circuit breaker rolled it back)', async () => {
    proxy.outcome = 'ROLLBACK_SUCCESSFUL';
    const run = await skyport('deploy', { IMAGE_TAG: 'v3' });
    proxy.outcome = 'SUCCESSFUL';
    expect(run.code).toBe(1);
    expect(run.output).toContain('rolled back');
    expect(run.output).toMatch(/stopped at step \d+\/\d+ \(demo-app: apply/);
  });

  it('resumes after the failure: the image is not built again and the service rolls out', async () => {
    const builds = standInCalls().filter(([, call]) => call.startsWith('docker buildx')).length;
    const runTasks = standInCalls().filter(([, call]) =>
      call.startsWith('aws ecs run-task'),
    ).length;
    const run = await skyport('deploy', { IMAGE_TAG: 'v3' });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/demo-app: image v3 .*: already in /);
    expect(run.output).toMatch(/demo-app: migrations .*: none to run/);
    expect(standInCalls().filter(([, call]) => call.startsWith('docker buildx'))).toHaveLength(
      builds,
    );
    expect(standInCalls().filter(([, call]) => call.startsWith('aws ecs run-task'))).toHaveLength(
      runTasks,
    );
    // ECS rolled the service back, so the apply rolls it out again.
    expect(serviceChanges().at(-1)?.action).toBe('UpdateService');
    expect(String(serviceChanges().at(-1)?.body.taskDefinition)).toMatch(/demo-api:\d+$/);
  });
});

describe('make destroy', () => {
  it('refuses without the typed name', async () => {
    const run = await skyport('destroy', { CONFIRM: 'prod' });
    expect(run.code).toBe(1);
    expect(lastLine(run)).toBe('destroy: not confirmed; nothing destroyed');
  });

  it('destroys the stacks in reverse order once confirmed', async () => {
    const run = await skyport('destroy', { CONFIRM: 'demo' });
    expect(run.output.indexOf('demo-app: destroy')).toBeLessThan(
      run.output.indexOf('demo-network: destroy'),
    );
    expect(lastLine(run)).toMatch(/^destroy: demo: 3 stacks destroyed in /);
    expect(run.code).toBe(0);
  });
});
