import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** apps/api: the working folder of every compiled process, so node_modules resolve. */
export const API_DIR = resolve(__dirname, '..', '..');

/**
 * `dist/<entry>` as ECS runs it. The tests use the build's own output rather than compiling
 * again: `make test` (turbo) builds the API before testing it.
 */
export function compiledEntry(entry: string): string {
  const path = resolve(API_DIR, 'dist', entry);
  if (!existsSync(path)) {
    throw new Error(
      `${path} does not exist: build first (\`npm run build -w @skyport/api\`; \`make test\` does)`,
    );
  }
  return path;
}

export interface CompiledProcess {
  readonly child: ChildProcess;
  /** The exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/** Starts `node dist/<entry>` with exactly `env` (plus PATH), keeping its output. */
export function startCompiled(entry: string, env: NodeJS.ProcessEnv): CompiledProcess {
  const child = spawn(process.execPath, [compiledEntry(entry)], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
