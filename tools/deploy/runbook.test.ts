import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseTfvarsExample } from '../terraform-validate/variables';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The `make ...` lines of the first ```sh block after a heading. */
function documentedCommands(file: string, heading: string): string[] {
  const text = read(file);
  const section = text.slice(text.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('make '));
}

const runbookCommands = documentedCommands(
  'docs/runbook.md',
  '## First deployment into a new AWS account',
);
const work = mkdtempSync(path.join(tmpdir(), 'skyport-runbook-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs a documented command as written, in its dry-run form (DRY_RUN=1: everything but AWS is
 * checked), on a copy: synth writes to a temporary folder, the variables file is a temporary one,
 * and the state bucket is configured through the variable. `-o` keeps make from reinstalling.
 */
async function dryRun(command: string): Promise<{ code: number; output: string }> {
  const args = command.split(/\s+/).slice(1);
  try {
    const { stdout, stderr } = await run(
      'make',
      ['-o', 'node_modules/.skyport-installed', ...args, 'DRY_RUN=1'],
      {
        cwd: root,
        env: {
          ...process.env,
          SKYPORT_OUTDIR: path.join(work, 'cdktf.out'),
          SKYPORT_VARIABLES_DIR: work,
          SKYPORT_STATE_BUCKET: 'acme-skyport-tfstate',
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

describe('the first deployment in docs/runbook.md', () => {
  it('is the scripted path (bootstrap, variables, plan, deploy), the same as the README', () => {
    expect(runbookCommands.map((command) => command.split(/\s+/)[1])).toEqual([
      'bootstrap',
      'check-vars',
      'plan',
      'deploy',
    ]);
    expect(documentedCommands('README.md', '## Deploying to AWS')).toEqual(runbookCommands);
  });

  it('runs as written, in dry-run form, from a missing variables file to the deploy steps', async () => {
    const [bootstrap, checkVars, plan, deploy] = runbookCommands as [
      string,
      string,
      string,
      string,
    ];
    const bootstrapped = await dryRun(bootstrap);
    expect(bootstrapped.output).toMatch(
      /bootstrap: dry run: would write the state bucket \S+ \(\S+\) into skyport.config.json/,
    );
    expect(bootstrapped.code).toBe(0);

    // The runbook's step 2: check-vars prints the file to create; fill it from the examples.
    const missing = await dryRun(checkVars);
    expect(missing.code).toBe(2);
    const names = [...missing.output.matchAll(/^([a-z_]+) = ""$/gm)].map((match) => match[1]!);
    expect(names).toContain('domain_name');
    const examples = parseTfvarsExample(read('terraform.tfvars.example'));
    const environment = /ENV=([a-z]+)/.exec(checkVars)![1]!;
    writeFileSync(
      path.join(work, `${environment}.tfvars`),
      names.map((name) => `${name} = ${JSON.stringify(examples[name])}`).join('\n') + '\n',
    );
    const checked = await dryRun(checkVars);
    expect(checked.output).toMatch(/check-vars: dev: \S+ is valid/);
    expect(checked.code).toBe(0);

    const planned = await dryRun(plan);
    expect(planned.output).toMatch(
      /plan: dev: 4 stacks in order: dev-network -> dev-data -> dev-app -> dev-edge/,
    );
    expect(planned.code).toBe(0);

    const deployed = await dryRun(deploy);
    // Dev ships with embedded data (decision 0025): the API task migrates its own database, so
    // the deploy has no migration step and applies the app stack after pushing the image.
    expect(deployed.output).toMatch(/deploy: \[\d+\/\d+\] dev-app: image/);
    expect(deployed.output).toMatch(/deploy: \[\d+\/\d+\] dev-app: apply/);
    expect(deployed.output).not.toMatch(/dev-app: migrations/);
    expect(deployed.output).toMatch(/deploy: dev: dry run: variables valid, nothing applied/);
    expect(deployed.code).toBe(0);
    // Five makes, each synthesizing every stack (JSON and HCL): minutes on a busy 2-core machine.
  }, 300_000);
});

describe('docs/runbook.md', () => {
  const runbook = read('docs/runbook.md');

  it('names only make targets that exist', () => {
    const targets = new Set(
      [...read('Makefile').matchAll(/^([a-z][a-z-]*):/gm)].map((match) => match[1]),
    );
    const named = [...runbook.matchAll(/`make ([a-z][a-z-]*)/g)].map((match) => match[1]);
    expect(named.filter((target) => !targets.has(target))).toEqual([]);
  });

  it('says what the first deployment needs: permissions and the DNS delegation', () => {
    expect(runbook).toContain('AdministratorAccess');
    expect(runbook).toMatch(/dig \+short NS/);
    expect(runbook).not.toMatch(/cdktf\.out\/stacks\/[a-z-]+ && terraform/);
  });
});
