import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCommand, type CommandResult } from './run-command';
import { runInOrder } from './schedule';
import { readManifest } from './stack-order';
import { firstError } from './terraform-json';
import { loadToolchain, terraformEnv } from './toolchain';

// Usage: tsx tools/terraform-validate/hcl-main.ts [cdktf.out]
//   The HCL rendering `make synth` writes beside each stack's JSON (cdktf.out/stacks/<stack>/hcl/,
//   decision 0022) must pass `terraform fmt -check` and `terraform init -backend=false` +
//   `validate`, offline with the provider mirror of scripts/terraform-toolchain.sh. Fixtures under
//   fixtures-hcl/ are broken on purpose and must fail with the messages they list, or the check
//   proves nothing. Prints a line per stack and one closing line; exits 1 on any failure.
const root = path.resolve(__dirname, '..', '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'cdktf.out'));
const workRoot = path.join(root, '.validate', 'hcl');
const logDir = path.join(root, 'reports', 'validate-hcl');
const fixtures = path.join(__dirname, 'fixtures-hcl');
const TIMEOUT_SECONDS = 10 * 60;
const JOBS = Math.max(1, Number(process.env.SKYPORT_VALIDATE_JOBS ?? 2) || 1);

const toolchain = loadToolchain('validate-hcl');
const terraform = toolchain.terraform;

function hclTerraformEnv(): NodeJS.ProcessEnv {
  mkdirSync(path.join(workRoot, '.plugin-cache'), { recursive: true });
  // One unpacked provider for every folder instead of one copy each.
  return terraformEnv(toolchain, { TF_PLUGIN_CACHE_DIR: path.join(workRoot, '.plugin-cache') });
}

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly seconds: number;
}

/** fmt -check, then init and validate, in a copy of `source` (so no .terraform lands in cdktf.out). */
async function check(name: string, source: string): Promise<Outcome & { output: string }> {
  const dir = path.join(workRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(source).filter((entry) => entry.endsWith('.tf'))) {
    cpSync(path.join(source, file), path.join(dir, file));
  }
  const env = hclTerraformEnv();
  const run = (step: string, args: string[]): Promise<CommandResult> =>
    runCommand(terraform, args, {
      cwd: dir,
      env,
      logFile: path.join(logDir, `${name}.${step}.log`),
      timeoutSeconds: TIMEOUT_SECONDS,
    });
  const fmt = await run('fmt', ['fmt', '-check', '-diff', '-no-color']);
  if (fmt.code !== 0) {
    const files = fmt.output.trim().split('\n')[0] ?? '';
    return {
      name,
      ok: false,
      detail: `terraform fmt -check: ${fmt.code === 3 ? `not formatted (${files})` : firstError(fmt.output)}`,
      seconds: fmt.seconds,
      output: fmt.output,
    };
  }
  const init = await run('init', ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) {
    return {
      name,
      ok: false,
      detail: `terraform init: ${firstError(init.output)}`,
      seconds: fmt.seconds + init.seconds,
      output: init.output,
    };
  }
  const validate = await run('validate', ['validate', '-no-color']);
  const seconds = fmt.seconds + init.seconds + validate.seconds;
  const warnings = /Warning: /.test(validate.output);
  if (validate.code !== 0 || warnings) {
    return {
      name,
      ok: false,
      detail: `terraform validate: ${firstError(validate.output) || 'warnings (see the log)'}`,
      seconds,
      output: validate.output,
    };
  }
  return { name, ok: true, detail: 'fmt and validate clean', seconds, output: validate.output };
}

async function main(): Promise<number> {
  if (!existsSync(path.join(outdir, 'manifest.json'))) {
    console.error(`validate-hcl: ${outdir}/manifest.json is missing; run \`make synth\` first`);
    return 1;
  }
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const stacks = readManifest(outdir).map((stack) => stack.name);
  console.log(
    `validate-hcl: terraform fmt -check and validate on the HCL of ${stacks.length} stacks (${terraform}, hashicorp/aws ${toolchain.values.PROVIDER_VERSION ?? '?'} from the ${toolchain.values.PROVIDER_SOURCE ?? '?'}) ...`,
  );

  const outcomes: Outcome[] = [];
  await runInOrder(
    stacks,
    () => [],
    async (stack) => {
      const hcl = path.join(outdir, 'stacks', stack, 'hcl');
      const outcome: Outcome = existsSync(path.join(hcl, 'cdk.tf'))
        ? await check(stack, hcl)
        : { name: stack, ok: false, detail: `${hcl}/cdk.tf is missing`, seconds: 0 };
      outcomes.push(outcome);
      console.log(`  ${stack}: ${outcome.ok ? 'ok' : 'FAILED'} (${outcome.detail})`);
    },
    JOBS,
  );

  // Each fixture must fail, and with every message it expects.
  for (const fixture of readdirSync(fixtures).sort()) {
    const expected = JSON.parse(
      readFileSync(path.join(fixtures, fixture, 'expected-errors.json'), 'utf8'),
    ) as string[];
    const result = await check(`canary-${fixture}`, path.join(fixtures, fixture));
    const missing = expected.filter((message) => !result.output.includes(message));
    const caught = !result.ok && missing.length === 0;
    outcomes.push({
      name: `canary ${fixture}`,
      ok: caught,
      detail: caught
        ? `failed as it must: ${result.detail}`
        : result.ok
          ? 'passed: the check is not catching errors'
          : `did not report: ${missing.join('; ')}`,
      seconds: result.seconds,
    });
    console.log(`  canary ${fixture}: ${caught ? 'caught' : 'NOT CAUGHT'}`);
  }

  const failed = outcomes.filter((outcome) => !outcome.ok);
  for (const outcome of failed) console.error(`validate-hcl: ${outcome.name}: ${outcome.detail}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    failed.length === 0
      ? `validate-hcl: ${stacks.length} stacks' HCL formatted and valid, ${outcomes.length - stacks.length} canaries caught, in ${seconds} s; logs in ${path.relative(root, logDir)}/`
      : `validate-hcl: ${failed.length} of ${outcomes.length} checks failed in ${seconds} s; logs in ${path.relative(root, logDir)}/`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`validate-hcl: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
