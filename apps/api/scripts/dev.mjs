// `npm run dev` (and `make dev`): build once, migrate, then recompile on change and restart the
// API and the worker whenever dist/ changes. Ctrl-C (or SIGTERM) stops every child, then exits.
// The variables come from the environment (`make dev` loads .services/services.env).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Incremental, with its state inside dist/: the watcher's first pass then rewrites nothing, so the
// processes start once, and deleting dist/ also forgets the state.
const build = [
  tsc,
  '-p',
  'tsconfig.build.json',
  '--incremental',
  '--tsBuildInfoFile',
  'dist/dev.tsbuildinfo',
];
/** Children still running, by name. */
const children = new Map();
let stopping = false;

function start(name, args) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(name);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  const running = [...children.values()];
  for (const child of running) child.kill('SIGTERM');
  const force = setTimeout(() => running.forEach((child) => child.kill('SIGKILL')), 10_000);
  await Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))));
  clearTimeout(force);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => void stop(0));
}

async function once(name, args, failure) {
  const code = await start(name, args);
  if (stopping) return;
  if (code !== 0) {
    console.error(`dev: ${failure} (exit ${code})`);
    await stop(code);
  }
}

await once('build', build, 'the build failed');
await once(
  'migrate',
  ['dist/migrate.js'],
  'the migrations failed: are the local services up (make services-up) and the variables set?',
);
/**
 * Whether the AWS SDK would find credentials: variables, a profile, a web identity or container
 * role, or the shared files. Without any, the assistant could only answer 502.
 */
function hasAwsCredentials() {
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
    return true;
  const home = os.homedir();
  return [
    env.AWS_SHARED_CREDENTIALS_FILE,
    env.AWS_CONFIG_FILE,
    `${home}/.aws/credentials`,
    `${home}/.aws/config`,
  ]
    .filter(Boolean)
    .some((file) => existsSync(file));
}

// No credentials and no endpoint chosen: a local stand-in model answers instead of Bedrock.
const standIn = !process.env.BEDROCK_ENDPOINT && !hasAwsCredentials();
if (standIn) {
  const port = process.env.STAND_IN_MODEL_PORT ?? '4599';
  process.env.BEDROCK_ENDPOINT = `http://127.0.0.1:${port}`;
  // The SDK signs every request; the stand-in ignores the signature.
  process.env.AWS_ACCESS_KEY_ID = 'stand-in';
  process.env.AWS_SECRET_ACCESS_KEY = 'stand-in';
}

if (!stopping) {
  // The watchers run until stopped; a crashed app waits for the next change. If a watcher itself
  // ends, stop the rest so nothing is left behind.
  const watchers = [
    ['tsc', [...build, '--watch', '--preserveWatchOutput']],
    ['api', ['--watch-path=dist', 'dist/main.js']],
    ['worker', ['--watch-path=dist', 'dist/worker.js']],
    ...(standIn
      ? [['stand-in model', ['dist/stand-in-model.js', process.env.STAND_IN_MODEL_PORT ?? '4599']]]
      : []),
  ];
  for (const [name, args] of watchers) {
    void start(name, args).then((code) => {
      if (!stopping) console.error(`dev: ${name} ended (exit ${code}); stopping the others`);
      void stop(code === 0 ? 1 : code);
    });
  }
  void announceWhenReady();
}

/** Once the API answers /health, one banner with every address a developer opens. */
async function announceWhenReady() {
  const port = process.env.PORT ?? '3000';
  const api = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  while (!stopping && Date.now() < deadline) {
    const healthy = await fetch(`${api}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((done) => setTimeout(done, 500));
  }
  if (stopping) return;
  const site = (process.env.CORS_ORIGIN ?? 'http://localhost:3001').split(',')[0];
  const model = standIn
    ? `local stand-in model at ${process.env.BEDROCK_ENDPOINT} (no AWS credentials found, so Bedrock is not called)`
    : process.env.BEDROCK_ENDPOINT
      ? `Bedrock at ${process.env.BEDROCK_ENDPOINT}`
      : `Amazon Bedrock ${process.env.BEDROCK_MODEL_ID ?? ''} in ${process.env.BEDROCK_REGION ?? ''} (your AWS credentials)`;
  const lines = [
    'Skyport is running; Ctrl-C stops everything.',
    `  site          ${site}`,
    `  API           ${api}   (health: ${api}/health, readiness: ${api}/ready)`,
    `  API document  ${api}/docs   (OpenAPI JSON)`,
    `  assistant     ${model}`,
    '  worker        consuming the contact queue (notifications are written to its log)',
  ];
  const rule = '-'.repeat(Math.max(...lines.map((line) => line.length)));
  console.log(['', rule, ...lines, rule, ''].join('\n'));
}
