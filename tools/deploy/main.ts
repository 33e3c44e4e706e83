/**
 * The deploy path (`make bootstrap | check-vars | plan | deploy | destroy`):
 *   tsx tools/deploy/main.ts <command> [--outdir <cdktf.out>]
 * with ENV, STACKS, IMAGE_TAG, SITE_DIR, CONFIRM, BUCKET, REGION, DRY_RUN from the environment (make
 * passes its variables). Without --outdir it synthesizes first; with it, it uses that folder as is.
 * Every command ends with one line saying what happened. See docs/runbook.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { assertBucketName } from '@skyport/modules/validation';
import { deploySteps } from './deploy';
import { environmentStacks, type EnvironmentStack } from './environment';
import { layoutAt, plansDir, REPOSITORY_LAYOUT, shown, type Layout } from './layout';
import { planEnvironment } from './plan';
import { formatPlanTable, planVerdict } from './plan-summary';
import { assertStateConfigured, withStateSettings } from './state-settings';
import { duration, runSteps, StepFailed, type Step } from './steps';
import { init, prepareWorkDir, terraformFor, terraformRun } from './terraform';
import { loadVariables, VariablesError } from './variables';
import { stackVariables } from './check-vars';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const env = process.env;
const log = (line: string) => console.log(line);
const [command = '', ...rest] = process.argv.slice(2);
const outdirFlag = rest.indexOf('--outdir');
const givenOutdir = outdirFlag >= 0 ? rest[outdirFlag + 1] : undefined;
const base: Layout = givenOutdir
  ? layoutAt(env.SKYPORT_ROOT ?? REPOSITORY_LAYOUT.root, path.resolve(givenOutdir))
  : REPOSITORY_LAYOUT;
// SKYPORT_OUTDIR and SKYPORT_VARIABLES_DIR move synth's output and the variables files (the
// runbook test runs the documented commands on a copy, never touching the checkout's cdktf.out).
const layout: Layout = {
  ...base,
  outdir: env.SKYPORT_OUTDIR ? path.resolve(env.SKYPORT_OUTDIR) : base.outdir,
  variablesDir: env.SKYPORT_VARIABLES_DIR
    ? path.resolve(env.SKYPORT_VARIABLES_DIR)
    : base.variablesDir,
};
/** DRY_RUN=1: check everything that needs no AWS, print what would run, change nothing. */
const dryRun = env.DRY_RUN === '1';
const started = Date.now();
const elapsed = () => duration((Date.now() - started) / 1000);

class UsageError extends Error {}

function environmentName(): string {
  const name = env.ENV?.trim() ?? '';
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new UsageError(
      `name one environment: make ${command} ENV=dev (the profiles in stacks/config/environments.ts; ENV=shared for the account-level stacks)`,
    );
  }
  return name;
}

function synth(): void {
  if (givenOutdir) return;
  log(`${command}: synthesizing every stack ...`);
  const result = spawnSync(
    path.join(layout.root, 'node_modules', '.bin', 'tsx'),
    ['stacks/main.ts'],
    {
      cwd: layout.root,
      env: {
        ...env,
        // Every environment, so cdktf.out stays whole for the audit and the next command.
        SKYPORT_ENV: '',
        CDKTF_OUTDIR: layout.outdir,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('synth failed (see above)');
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: layout.root, encoding: 'utf8' }).trim();

function stacksOf(environment: string): EnvironmentStack[] {
  const only = (env.STACKS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return environmentStacks(layout, environment, only);
}

function checkVars(): Promise<number> {
  const environment = environmentName();
  synth();
  const stacks = stacksOf(environment);
  const values = loadVariables(layout, environment, stacks, {});
  const declared = new Set(stacks.flatMap((stack) => Object.keys(stack.json.variable ?? {})));
  for (const stack of stacks) {
    const own = Object.keys(stackVariables(stack, values));
    log(`  ${stack.name}: ${own.length === 0 ? 'no variables' : own.join(', ')}`);
  }
  log(
    `check-vars: ${environment}: ${shown(layout, path.join(layout.variablesDir, `${environment}.tfvars`))} is valid: ${values.size} values for ${declared.size} declared variables across ${stacks.length} stacks (image_tag comes from make deploy)`,
  );
  return Promise.resolve(0);
}

async function plan(): Promise<number> {
  const environment = environmentName();
  assertStateConfigured(layout, env);
  synth();
  const stacks = stacksOf(environment);
  const commit = env.IMAGE_TAG?.trim() || git('rev-parse', 'HEAD');
  const values = loadVariables(layout, environment, stacks, { image_tag: commit });
  log(
    `plan: ${environment}: ${stacks.length} stacks in order: ${stacks.map((stack) => stack.name).join(' -> ')}`,
  );
  if (dryRun) {
    log(`plan: ${environment}: dry run: variables valid, nothing planned (DRY_RUN=1)`);
    return 0;
  }
  const summary = await planEnvironment({
    layout,
    terraform: terraformFor(layout, env),
    environment,
    stacks,
    values,
    commit,
    log,
  });
  log('');
  for (const line of formatPlanTable(summary.stacks)) log(line);
  log(planVerdict(environment, summary.stacks, `${shown(layout, plansDir(layout, environment))}/`));
  return summary.stacks.some((stack) => stack.status === 'failed') ? 1 : 0;
}

function buildSite(apiUrl: string): Promise<string> {
  if (env.SITE_DIR) return Promise.resolve(path.resolve(env.SITE_DIR));
  if (!apiUrl.startsWith('https://')) {
    return Promise.reject(new Error(`the API origin "${apiUrl}" is not https`));
  }
  const result = spawnSync(
    path.join(layout.root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=@skyport/web', '--output-logs=errors-only'],
    { cwd: layout.root, env: { ...env, NEXT_PUBLIC_API_URL: apiUrl }, stdio: 'inherit' },
  );
  if (result.status !== 0) return Promise.reject(new Error('the site build failed (see above)'));
  return Promise.resolve(path.join(layout.root, 'apps', 'web', 'out'));
}

async function deploy(): Promise<number> {
  const environment = environmentName();
  assertStateConfigured(layout, env);
  let imageTag = env.IMAGE_TAG?.trim();
  if (!imageTag) {
    const dirty = git('status', '--porcelain');
    if (dirty && env.ALLOW_DIRTY !== '1' && !dryRun) {
      throw new UsageError(
        `the working tree has uncommitted changes, so an image tagged with the commit would not be that commit: commit them (or set IMAGE_TAG=<an image already pushed>, or ALLOW_DIRTY=1 for a throwaway environment)\n${dirty}`,
      );
    }
    imageTag = git('rev-parse', 'HEAD');
  }
  synth();
  const stacks = stacksOf(environment);
  const values = loadVariables(layout, environment, stacks, { image_tag: imageTag });
  const steps = deploySteps({
    layout,
    terraform: terraformFor(layout, env),
    environment,
    stacks,
    values,
    imageTag,
    buildSite,
  });
  log(`deploy: ${environment}: ${steps.length} steps, image ${imageTag}`);
  if (dryRun) {
    steps.forEach((step, index) => log(`deploy: [${index + 1}/${steps.length}] ${step.title}`));
    log(`deploy: ${environment}: dry run: variables valid, nothing applied (DRY_RUN=1)`);
    return 0;
  }
  await runSteps('deploy', steps, log);
  log(
    `deploy: ${environment}: deployed ${imageTag} in ${elapsed()} (${stacks.length} stacks applied)`,
  );
  return 0;
}

async function confirmed(environment: string, count: number): Promise<boolean> {
  const question = `destroy: type the environment's name (${environment}) to destroy its ${count} stacks and every resource in them: `;
  if (env.CONFIRM !== undefined) {
    log(`${question}${env.CONFIRM} (CONFIRM)`);
    return env.CONFIRM === environment;
  }
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `destroy needs a typed confirmation: run it in a terminal, or set CONFIRM=${environment}`,
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(question);
  prompt.close();
  return answer.trim() === environment;
}

async function destroy(): Promise<number> {
  const environment = environmentName();
  assertStateConfigured(layout, env);
  synth();
  const stacks = stacksOf(environment);
  const production = stacks.filter((stack) => stack.stage === 'production');
  if (production.length > 0) {
    throw new UsageError(
      `destroy refuses production stacks (${production.map((stack) => stack.name).join(', ')}): use terraform destroy in their folders if you really mean it`,
    );
  }
  if (!(await confirmed(environment, stacks.length))) {
    log('destroy: not confirmed; nothing destroyed');
    return 1;
  }
  const values = loadVariables(layout, environment, stacks, { image_tag: 'destroy' });
  const terraform = terraformFor(layout, env);
  const steps: Step[] = [...stacks].reverse().map((stack) => ({
    title: `${stack.name}: destroy`,
    run: async () => {
      prepareWorkDir(layout, terraform, stack, stackVariables(stack, values));
      await init(layout, terraform, environment, stack.name);
      const result = await terraformRun(layout, terraform, environment, stack.name, 'destroy', [
        'destroy',
        '-input=false',
        '-no-color',
        '-auto-approve',
      ]);
      return /Resources: (\d+) destroyed/.exec(result.output)?.[0] ?? 'nothing to destroy';
    },
  }));
  await runSteps('destroy', steps, log);
  log(`destroy: ${environment}: ${stacks.length} stacks destroyed in ${elapsed()}`);
  return 0;
}

async function bootstrap(): Promise<number> {
  const bucket = env.BUCKET?.trim() ?? '';
  const region = env.REGION?.trim() ?? '';
  if (!bucket || !region) {
    throw new UsageError(
      'name the state bucket and its region: make bootstrap BUCKET=<globally-unique-name, e.g. acme-skyport-tfstate> REGION=<e.g. eu-west-1>',
    );
  }
  assertBucketName('BUCKET', bucket);
  if (!REGION.test(region))
    throw new UsageError(`REGION "${region}" is not an AWS region name such as "eu-west-1"`);
  if (dryRun) {
    log(
      `bootstrap: dry run: would write the state bucket ${bucket} (${region}) into ${shown(layout, layout.configFile)} and apply the bootstrap stack (DRY_RUN=1)`,
    );
    return 0;
  }
  const text = existsSync(layout.configFile) ? readFileSync(layout.configFile, 'utf8') : undefined;
  writeFileSync(layout.configFile, withStateSettings(text, bucket, region));
  log(
    `bootstrap: wrote the state bucket ${bucket} (${region}) into ${shown(layout, layout.configFile)}`,
  );
  synth();
  const [stack] = environmentStacks(layout, 'shared', ['bootstrap']);
  const terraform = terraformFor(layout, {
    ...env,
    SKYPORT_STATE_BUCKET: bucket,
    SKYPORT_STATE_REGION: region,
  });
  await runSteps(
    'bootstrap',
    [
      {
        title: 'bootstrap: terraform init',
        run: async () => {
          prepareWorkDir(layout, terraform, stack!, {});
          await init(layout, terraform, 'shared', 'bootstrap');
          return 'ready';
        },
      },
      {
        title: `bootstrap: apply (the state bucket ${bucket} and its key; state in bootstrap.tfstate)`,
        run: async () => {
          const result = await terraformRun(layout, terraform, 'shared', 'bootstrap', 'apply', [
            'apply',
            '-input=false',
            '-no-color',
            '-auto-approve',
          ]);
          return /Resources: .*destroyed/.exec(result.output)?.[0] ?? 'no changes';
        },
      },
    ],
    log,
  );
  log(
    `bootstrap: state bucket ${bucket} is ready in ${region} (${elapsed()}); commit skyport.config.json, keep bootstrap.tfstate safe, then: make check-vars ENV=dev`,
  );
  return 0;
}

const commands: Record<string, () => Promise<number>> = {
  'check-vars': checkVars,
  plan,
  deploy,
  destroy,
  bootstrap,
};

async function main(): Promise<number> {
  const run = commands[command];
  if (!run) {
    console.error(
      `usage: tsx tools/deploy/main.ts ${Object.keys(commands).join('|')} [--outdir <dir>]`,
    );
    return 2;
  }
  try {
    return await run();
  } catch (error) {
    if (error instanceof VariablesError) {
      for (const problem of error.problems) console.error(`${command}: ${problem}`);
      if (error.template) console.error(`\n${error.template}`);
      console.error(
        `${command}: ${error.problems.length} problem(s) in the variables; nothing was planned or applied`,
      );
      return 2;
    }
    if (error instanceof StepFailed) {
      console.error(`${command}: ${error.message}`);
      if (error.step.log) console.error(`${command}: the whole output: ${error.step.log}`);
      console.error(
        `${command}: stopped at step ${error.index}/${error.total} (${error.step.title}) after ${elapsed()}; fix the cause and run it again: finished steps are no-ops`,
      );
      return 1;
    }
    console.error(`${command}: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

void main().then((code) => process.exit(code));
