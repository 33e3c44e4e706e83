import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

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

/** `make -n`: make parses the command line and the target, and prints the recipe without running it. */
function dryRun(command: string): string {
  const args = command.split(/\s+/).slice(1);
  return execFileSync('make', ['-n', ...args], { cwd: root, encoding: 'utf8' });
}

describe.each([
  ['docs/runbook.md', '## First deployment into a new AWS account'],
  ['README.md', '## Deploying to AWS'],
])('the deployment commands in %s', (file, heading) => {
  const commands = documentedCommands(file, heading);

  it('are the scripted path: bootstrap, variables, plan, deploy', () => {
    expect(commands.map((command) => command.split(/\s+/)[1])).toEqual([
      'bootstrap',
      'check-vars',
      'plan',
      'deploy',
    ]);
  });

  it.each(commands)('%s runs as written (make -n)', (command) => {
    expect(dryRun(command)).toContain('tools/deploy/main.ts');
  });
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
