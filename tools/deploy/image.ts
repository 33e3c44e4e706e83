import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface ImageOptions {
  /** e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/skyport-dev/api */
  readonly repositoryUrl: string;
  readonly tag: string;
  readonly region: string;
  /** The repository root: the build context. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  options: ImageOptions,
  input?: string,
): Promise<Run> {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // The password itself never reaches the log.
  log.write(`$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.root, env: options.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      if (command !== 'aws' || args[1] !== 'get-login-password') log.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      log.write(chunk);
    });
    child.on('error', (error) => {
      log.end(`${error.message}\n`);
      resolve({ code: 127, stdout: '', stderr: `${command}: ${error.message}` });
    });
    child.on('close', (code) => {
      log.end(`[exit ${code}]\n`);
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.end(input ?? '');
  });
}

const repositoryName = (url: string) => url.slice(url.indexOf('/') + 1);
const registry = (url: string) => url.slice(0, url.indexOf('/'));
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** Whether the repository already holds the tag (tags are immutable: it cannot be pushed twice). */
export async function imageExists(options: ImageOptions): Promise<boolean> {
  const result = await run(
    'aws',
    [
      'ecr',
      'describe-images',
      '--region',
      options.region,
      '--repository-name',
      repositoryName(options.repositoryUrl),
      '--image-ids',
      `imageTag=${options.tag}`,
      '--output',
      'json',
    ],
    options,
  );
  if (result.code === 0) return true;
  if (result.stderr.includes('ImageNotFoundException')) return false;
  throw new Error(
    `aws ecr describe-images failed: ${lastLine(result.stderr) || `exit ${result.code}`}`,
  );
}

/**
 * Logs docker in to the registry with a 12-hour ECR token, then builds the API image for
 * linux/arm64 (the tasks run on Graviton) and pushes it, tagged with `tag`.
 */
export async function buildAndPush(options: ImageOptions): Promise<void> {
  const password = await run(
    'aws',
    ['ecr', 'get-login-password', '--region', options.region],
    options,
  );
  if (password.code !== 0) {
    throw new Error(
      `aws ecr get-login-password failed: ${lastLine(password.stderr) || `exit ${password.code}`}`,
    );
  }
  const login = await run(
    'docker',
    ['login', '--username', 'AWS', '--password-stdin', registry(options.repositoryUrl)],
    options,
    password.stdout.trim(),
  );
  if (login.code !== 0)
    throw new Error(`docker login failed: ${lastLine(login.stderr) || `exit ${login.code}`}`);
  const build = await run(
    'docker',
    [
      'buildx',
      'build',
      '--platform',
      'linux/arm64',
      // An attestation manifest would be a second, untagged image in an immutable repository.
      '--provenance=false',
      '--file',
      'apps/api/Dockerfile',
      '--tag',
      `${options.repositoryUrl}:${options.tag}`,
      '--push',
      '.',
    ],
    options,
  );
  if (build.code !== 0) {
    throw new Error(
      `docker buildx build failed: ${lastLine(build.stderr) || `exit ${build.code}`}`,
    );
  }
}
