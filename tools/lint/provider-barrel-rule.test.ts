import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Runs the real ESLint CLI with the repository's config, the way `make lint` does.
const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const eslint = path.join(root, 'node_modules', '.bin', 'eslint');

interface LintOutcome {
  readonly code: number;
  readonly messages: { ruleId: string | null; message: string }[];
}

async function lint(source: string, filename: string): Promise<LintOutcome> {
  const child = run(eslint, ['--stdin', '--stdin-filename', filename, '--format', 'json'], {
    cwd: root,
  });
  child.child.stdin?.end(source);
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await child);
  } catch (error) {
    ({ code, stdout } = error as { code: number; stdout: string });
  }
  const [file] = JSON.parse(stdout) as { messages: LintOutcome['messages'] }[];
  return { code, messages: file?.messages ?? [] };
}

// Spelled in parts so that repository-wide greps for barrel imports do not match the fixtures.
const provider = ['@cdktf', 'provider-aws'].join('/');

describe('the provider barrel lint rule', () => {
  it.each([
    `import { S3Bucket } from '${provider}';`,
    `import * as aws from '${provider}';`,
    `import { s3Bucket } from '${provider}/lib';`,
    `import { vpc } from '${provider}/lib/index.js';`,
  ])('rejects %s', async (source) => {
    const result = await lint(`${source}\nexport const used = null;\n`, 'stacks/barrel.mjs');
    expect(result.code).toBe(1);
    expect(result.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    expect(result.messages.map((m) => m.message).join('\n')).toMatch(
      /import the class by deep path, e\.g\. "@cdktf\/provider-aws\/lib\/s3-bucket"/,
    );
  });

  it('accepts a deep import of one resource class', async () => {
    const result = await lint(
      "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const used = S3Bucket;\n",
      'stacks/deep.mjs',
    );
    expect(result).toEqual({ code: 0, messages: [] });
  });

  it('is active for the TypeScript sources of every workspace', async () => {
    for (const file of [
      'stacks/app.ts',
      'modules/state-bucket/state-bucket.ts',
      'apps/api/src/main.ts',
    ]) {
      const { stdout } = await run(eslint, ['--print-config', file], { cwd: root });
      const config = JSON.parse(stdout) as { rules: Record<string, unknown[]> };
      expect(JSON.stringify(config.rules['no-restricted-imports'])).toContain(
        '@cdktf/provider-aws',
      );
    }
  });
});
