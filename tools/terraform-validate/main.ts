import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { MOTO_DRIFT, motoGapsIn } from './moto-gaps';
import { ensureStateBucket, putObject } from './moto-http';
import { motoOverride, MOTO_CREDENTIALS } from './moto-override';
import { startMoto, type MotoServer } from './moto-server';
import { runCommand, type CommandResult } from './run-command';
import { runInOrder } from './schedule';
import { deploymentOrder, readManifest, type ManifestStack } from './stack-order';
import { failures, formatSummary, type StackReport, type StepOutcome } from './summary';
import { plannedOutputs, stateWithOutputs, type PlanJson } from './planned-outputs';
import { randomUUID } from 'node:crypto';
import { firstError, type TerraformJson } from './terraform-json';
import { loadToolchain, terraformEnv } from './toolchain';
import { validationVariables } from './variables';

// Usage: tsx tools/terraform-validate/main.ts [cdktf.out]
//   Runs `terraform init` + `validate` on every synthesized stack, proves on a broken fixture that a
//   broken resource fails, then plans every stack against moto in dependency order, applies every
//   stack moto can serve, destroys them in reverse, and prints a table. Needs scripts/terraform-toolchain.sh.
const root = path.resolve(__dirname, '..', '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'cdktf.out'));
// Three levels below the repository root, like cdktf.out/stacks/<stack>, so relative paths in the
// synthesized JSON (the migration script of terraform_data) resolve the same way.
const workRoot = path.join(root, '.validate', 'stacks');
const reportDir = path.join(root, 'reports', 'validate');
const logDir = path.join(reportDir, 'logs');
const fixtures = path.join(__dirname, 'fixtures');
const COMMAND_TIMEOUT_SECONDS = 20 * 60;
// Stacks of different environments do not wait for each other; two at a time keeps both cores busy
// (terraform and the provider plugin each take one while the other waits for moto).
const JOBS = Math.max(1, Number(process.env.SKYPORT_VALIDATE_JOBS ?? 2) || 1);

const loaded = loadToolchain('validate');
const toolchain = loaded.values;
const terraform = loaded.terraform;
const fromMirror = toolchain.PROVIDER_SOURCE === 'mirror';

/** Every terraform command's environment; the migration task's local-exec has no ECS to talk to. */
function validateEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return terraformEnv(loaded, { SKYPORT_SKIP_MIGRATIONS: '1', ...extra });
}

function tf(
  stack: string,
  step: string,
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return runCommand(terraform, args, {
    cwd,
    env,
    logFile: path.join(logDir, `${stack}.${step}.log`),
    timeoutSeconds: COMMAND_TIMEOUT_SECONDS,
  });
}

const failed = (result: CommandResult, what: string): StepOutcome => ({
  status: 'failed',
  seconds: result.seconds,
  reason: `${what}: ${firstError(result.output)}`,
});

function prepareWorkdir(name: string, source: string): string {
  const dir = path.join(workRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  return dir;
}

function readStack(dir: string): TerraformJson {
  return JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as TerraformJson;
}

/** Pins the provider for every later init: produced from the mirror, never copied from a registry. */
async function lockFromMirror(dir: string): Promise<string | undefined> {
  if (!fromMirror || !toolchain.MIRROR_DIR) return undefined;
  const result = await tf(
    'lock',
    'providers-lock',
    dir,
    ['providers', 'lock', `-fs-mirror=${toolchain.MIRROR_DIR}`, '-platform=linux_amd64'],
    validateEnv(),
  );
  if (result.code !== 0)
    throw new Error(`terraform providers lock failed: ${firstError(result.output)}`);
  const lock = path.join(reportDir, '.terraform.lock.hcl');
  cpSync(path.join(dir, '.terraform.lock.hcl'), lock);
  return lock;
}

async function initAndValidate(name: string, dir: string, lock?: string): Promise<StepOutcome> {
  if (lock) cpSync(lock, path.join(dir, '.terraform.lock.hcl'));
  const env = validateEnv();
  const init = await tf(
    name,
    'init',
    dir,
    [
      'init',
      '-backend=false',
      '-input=false',
      '-no-color',
      ...(lock ? ['-lockfile=readonly'] : []),
    ],
    env,
  );
  if (init.code !== 0) return failed(init, 'init');
  const validate = await tf(name, 'validate', dir, ['validate', '-no-color'], env);
  if (validate.code !== 0) return failed(validate, 'validate');
  return { status: 'ok', seconds: init.seconds + validate.seconds };
}

/**
 * Each fixture under fixtures/ is broken on purpose and must fail validation with every message
 * in its expected-errors.json, or validation proves nothing.
 */
async function canaries(lock?: string): Promise<StackReport[]> {
  const reports: StackReport[] = [];
  for (const fixture of readdirSync(fixtures).sort()) {
    const name = `canary-${fixture}`;
    const dir = prepareWorkdir(name, path.join(fixtures, fixture));
    const outcome = await initAndValidate(name, dir, lock);
    const expected = JSON.parse(
      readFileSync(path.join(fixtures, fixture, 'expected-errors.json'), 'utf8'),
    ) as string[];
    const log = readFileSync(path.join(logDir, `${name}.validate.log`), 'utf8');
    const missing = expected.filter((message) => !log.includes(message));
    const caught: StepOutcome =
      outcome.status === 'failed' && missing.length === 0
        ? { status: 'ok', seconds: outcome.seconds ?? 0 }
        : {
            status: 'failed',
            reason:
              outcome.status === 'failed'
                ? `validate did not report: ${missing.join('; ')}`
                : `fixture ${fixture} validated: terraform validate is not catching errors`,
          };
    reports.push({ stack: `canary: ${fixture} must fail`, steps: { validate: caught } });
  }
  return reports;
}

async function countState(name: string, dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const list = await tf(name, 'state-list', dir, ['state', 'list'], env);
  return list.code === 0
    ? list.output.split('\n').filter((line) => /^[a-z]/.test(line) && !line.startsWith('data.'))
        .length
    : 0;
}

function plannedAdds(output: string): number | undefined {
  const match = /Plan: (\d+) to add/.exec(output);
  return match ? Number(match[1]) : undefined;
}

interface Deployment {
  readonly stack: ManifestStack;
  readonly dir: string;
  report: StackReport;
  applied: boolean;
}

/** What the moto run has learnt so far, shared by the stacks planned after it. */
interface MotoRun {
  readonly moto: MotoServer;
  readonly lock?: string;
  /** Stacks whose apply succeeded: their state holds real outputs. */
  readonly applied: Set<string>;
  /** Planned-only stacks whose outputs were published as their state (publishPlannedOutputs). */
  readonly planned: Set<string>;
}

/**
 * Stores the outputs a planned-only stack would publish as its state in moto, so the stacks that
 * read it through terraform_remote_state can still be planned (on placeholders, never applied).
 */
async function publishPlannedOutputs(
  run: MotoRun,
  name: string,
  json: TerraformJson,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const s3 = json.terraform?.backend?.s3;
  if (!s3) return;
  const show = await tf(name, 'show-plan', dir, ['show', '-json', '-no-color', 'plan.bin'], env);
  if (show.code !== 0) return;
  const outputs = plannedOutputs(JSON.parse(show.output) as PlanJson);
  const state = stateWithOutputs(outputs, toolchain.TF_VERSION ?? '1.11.4', randomUUID());
  await putObject(run.moto.endpoint, String(s3.bucket), String(s3.key), state);
  run.planned.add(name);
}

async function planAndApply(deployment: Deployment, run: MotoRun): Promise<void> {
  const { stack, dir } = deployment;
  const name = stack.name;
  const json = readStack(dir);
  const steps = { ...deployment.report.steps };
  const save = (extra: Partial<StackReport> = {}) => {
    deployment.report = { ...deployment.report, ...extra, steps };
  };

  // A producer moto could not apply is read through the outputs its plan promises, so the
  // consumer is still planned; it cannot be applied on placeholders.
  const onPlaceholders = stack.dependencies.filter((dependency) => !run.applied.has(dependency));
  const unplanned = onPlaceholders.filter((dependency) => !run.planned.has(dependency));
  if (unplanned.length > 0) {
    steps.plan = {
      status: 'skipped',
      reason: `producer ${unplanned.join(', ')} could not be planned`,
    };
    return save();
  }
  writeFileSync(
    path.join(dir, 'moto_override.tf.json'),
    JSON.stringify(motoOverride(json, run.moto.endpoint), null, 2),
  );
  const variables = validationVariables(json, root);
  if (variables) {
    writeFileSync(path.join(dir, 'validate.auto.tfvars.json'), JSON.stringify(variables, null, 2));
  }
  const env = validateEnv({
    AWS_ENDPOINT_URL: run.moto.endpoint,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.access_key,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secret_key,
  });

  rmSync(path.join(dir, '.terraform'), { recursive: true, force: true });
  if (run.lock) cpSync(run.lock, path.join(dir, '.terraform.lock.hcl'));
  const init = await tf(
    name,
    'init-moto',
    dir,
    [
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      ...(run.lock ? ['-lockfile=readonly'] : []),
    ],
    env,
  );
  if (init.code !== 0) {
    steps.plan = failed(init, 'init against moto');
    return save();
  }
  const plan = await tf(
    name,
    'plan',
    dir,
    ['plan', '-input=false', '-no-color', '-out=plan.bin'],
    env,
  );
  if (plan.code !== 0) {
    steps.plan = failed(plan, 'plan');
    return save();
  }
  steps.plan = { status: 'ok', seconds: init.seconds + plan.seconds };

  const gaps = motoGapsIn(json);
  const whyNotApplied =
    gaps.length > 0
      ? `moto lacks ${gaps.join(', ')} (docs/validation.md)`
      : onPlaceholders.length > 0
        ? `planned on placeholder outputs of ${onPlaceholders.join(', ')}`
        : undefined;
  if (whyNotApplied) {
    steps.apply = { status: 'skipped', reason: whyNotApplied };
    await publishPlannedOutputs(run, name, json, dir, env);
    return save({ resources: plannedAdds(plan.output), resourcesFrom: 'plan' });
  }

  const apply = await tf(
    name,
    'apply',
    dir,
    ['apply', '-input=false', '-no-color', 'plan.bin'],
    env,
  );
  // Whatever apply created must be destroyed, even when apply failed half-way.
  deployment.applied = true;
  if (apply.code !== 0) {
    steps.apply = failed(apply, 'apply');
    return save();
  }
  steps.apply = { status: 'ok', seconds: apply.seconds };
  run.applied.add(name);
  steps.replan = await replan(name, dir, env);
  save({ resources: await countState(name, dir, env), resourcesFrom: 'state' });
}

/**
 * Plans again right after apply: a stack that still wants changes would show a diff in every pull
 * request's plan (a value the provider normalises, an ordering it does not keep).
 */
async function replan(name: string, dir: string, env: NodeJS.ProcessEnv): Promise<StepOutcome> {
  const again = await tf(
    name,
    'replan',
    dir,
    ['plan', '-input=false', '-no-color', '-detailed-exitcode'],
    env,
  );
  if (again.code === 0) return { status: 'ok', seconds: again.seconds };
  if (again.code !== 2) return failed(again, 'plan after apply');
  const changing = [...again.output.matchAll(/^\s*# (\S+) (?:will|must) be /gm)].map(
    (match) => match[1]!,
  );
  const typeOf = (address: string) => address.split('.')[0]!;
  if (changing.length > 0 && changing.every((address) => typeOf(address) in MOTO_DRIFT)) {
    const types = [...new Set(changing.map(typeOf))];
    return {
      status: 'ok',
      seconds: again.seconds,
      note: `only known moto drift (${types.join(', ')}; docs/validation.md): ${changing.join(', ')}`,
    };
  }
  return {
    status: 'failed',
    seconds: again.seconds,
    reason: `plan after apply still wants changes: ${changing.join(', ') || 'see the log'}`,
  };
}

async function destroy(deployment: Deployment, moto: MotoServer): Promise<void> {
  const env = validateEnv({
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.access_key,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secret_key,
  });
  const result = await tf(
    deployment.stack.name,
    'destroy',
    deployment.dir,
    ['destroy', '-auto-approve', '-input=false', '-no-color'],
    env,
  );
  const steps = { ...deployment.report.steps };
  steps.destroy =
    result.code === 0 ? { status: 'ok', seconds: result.seconds } : failed(result, 'destroy');
  deployment.report = { ...deployment.report, steps };
}

async function main(): Promise<number> {
  if (!existsSync(path.join(outdir, 'manifest.json'))) {
    console.error(`validate: ${outdir}/manifest.json is missing; run \`make synth\` first`);
    return 1;
  }
  rmSync(path.join(root, '.validate'), { recursive: true, force: true });
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  const manifest = readManifest(outdir);
  // Stacks on a local backend own the state bucket the others' backends need: they go first.
  const first = manifest
    .filter(
      (stack) => readStack(path.join(outdir, stack.workingDirectory)).terraform?.backend?.local,
    )
    .map((stack) => stack.name);
  const ordered = deploymentOrder(manifest, first);
  const started = Date.now();
  console.log(
    `validate: ${terraform} (${toolchain.TF_FLAVOUR ?? 'terraform'} ${toolchain.TF_VERSION ?? '?'}), hashicorp/aws ${toolchain.PROVIDER_VERSION ?? '?'} from the ${toolchain.PROVIDER_SOURCE ?? '?'}`,
  );
  console.log(
    `validate: ${ordered.length} stacks in order: ${ordered.map((stack) => stack.name).join(' -> ')}`,
  );

  const deployments: Deployment[] = ordered.map((stack) => ({
    stack,
    dir: prepareWorkdir(stack.name, path.join(outdir, stack.workingDirectory)),
    report: { stack: stack.name, steps: {} },
    applied: false,
  }));
  const lock = await lockFromMirror(deployments[0]!.dir);

  await runInOrder(
    deployments,
    () => [],
    async (deployment) => {
      const outcome = await initAndValidate(deployment.stack.name, deployment.dir, lock);
      deployment.report = { ...deployment.report, steps: { validate: outcome } };
      console.log(
        `  validate ${deployment.stack.name}: ${outcome.status}${outcome.status === 'failed' ? ` (${outcome.reason})` : ''}`,
      );
    },
    JOBS,
  );
  const canaryReports = await canaries(lock);
  for (const report of canaryReports) {
    console.log(
      `  validate ${report.stack}: ${report.steps.validate?.status === 'ok' ? 'caught' : 'NOT CAUGHT'}`,
    );
  }

  const byName = new Map(
    deployments.map((deployment) => [deployment.stack.name, readStack(deployment.dir)]),
  );
  const moto = await startMoto(
    toolchain.MOTO_SERVER ?? 'moto_server',
    path.join(logDir, 'moto_server.log'),
  );
  try {
    const run: MotoRun = { moto, lock, applied: new Set(), planned: new Set() };
    const byStack = new Map(deployments.map((deployment) => [deployment.stack.name, deployment]));
    // What a stack waits for: the stacks the manifest names, and the local-backend (bootstrap)
    // stacks every S3 backend needs. Destroy waits the other way round: for its consumers.
    const producers = (deployment: Deployment) =>
      [...(first.includes(deployment.stack.name) ? [] : first), ...deployment.stack.dependencies]
        .map((name) => byStack.get(name))
        .filter((other): other is Deployment => other !== undefined);
    const consumers = (deployment: Deployment) =>
      deployments.filter((other) => producers(other).includes(deployment));

    const stateBuckets = new Map<string, Promise<void>>();
    const ensureBucket = (bucket: string, region: string): Promise<void> => {
      const existing = stateBuckets.get(bucket);
      if (existing) return existing;
      const ensured = ensureStateBucket(moto.endpoint, bucket, region).then((how) => {
        console.log(
          `  state bucket ${bucket}: ${how === 'created' ? 'created in moto (bootstrap was not applied)' : 'from the bootstrap apply'}`,
        );
      });
      stateBuckets.set(bucket, ensured);
      return ensured;
    };

    await runInOrder(
      deployments,
      producers,
      async (deployment) => {
        if (deployment.report.steps.validate?.status !== 'ok') return;
        const s3 = byName.get(deployment.stack.name)?.terraform?.backend?.s3;
        if (s3) await ensureBucket(String(s3.bucket), String(s3.region));
        await planAndApply(deployment, run);
        const steps = deployment.report.steps;
        console.log(
          `  plan/apply ${deployment.stack.name}: plan ${steps.plan?.status ?? '-'}, apply ${steps.apply?.status ?? '-'}`,
        );
      },
      JOBS,
    );
    await runInOrder(
      [...deployments].reverse(),
      consumers,
      async (deployment) => {
        if (!deployment.applied) return;
        await destroy(deployment, moto);
        console.log(
          `  destroy ${deployment.stack.name}: ${deployment.report.steps.destroy?.status}`,
        );
      },
      JOBS,
    );
  } finally {
    await moto.stop();
  }

  const reports = [...deployments.map((deployment) => deployment.report), ...canaryReports];
  // Which terraform (or OpenTofu) and which provider ran, next to what they proved.
  const ran = {
    flavour: toolchain.TF_FLAVOUR,
    version: toolchain.TF_VERSION,
    binary: terraform,
    provider: { version: toolchain.PROVIDER_VERSION, source: toolchain.PROVIDER_SOURCE },
    moto: toolchain.MOTO_VERSION,
  };
  writeFileSync(
    path.join(reportDir, 'summary.json'),
    JSON.stringify({ toolchain: ran, stacks: reports }, null, 2),
  );
  console.log('\nterraform validation against moto');
  for (const line of formatSummary(reports)) console.log(line);
  const failedSteps = failures(reports).length;
  console.log(
    `validate: ${failedSteps === 0 ? 'passed' : `${failedSteps} step(s) failed`} in ${((Date.now() - started) / 1000).toFixed(0)} s; logs in ${path.relative(root, logDir)}/`,
  );
  return failedSteps === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`validate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
