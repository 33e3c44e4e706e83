import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { staticExportCsp, viewerRequestSource } from '@skyport/modules/static-site';
import { retargetExport } from './retarget-export';
import { startStaticSiteServer, type StaticSiteServer } from './static-site-server';

/**
 * Everything the browser tests run against, on loopback: the exported site served as CloudFront
 * serves it, the API and the worker as built (apps/api/dist) on the local PostgreSQL (a database
 * of their own), Redis and RabbitMQ, and the stand-in model in place of Bedrock.
 */
export interface LocalStack {
  readonly siteUrl: string;
  readonly apiUrl: string;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
  /** The owner's access token, for seeding data through the API. */
  ownerToken(): Promise<string>;
  /** What the API and worker printed, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

const API_DIR = path.join(__dirname, '..', '..', 'api');
const OUT = path.join(__dirname, '..', 'out');
/** The API origin `next build` inlines when NEXT_PUBLIC_API_URL is unset (lib/api-client.ts). */
const BUILT_FOR = 'http://localhost:3000';

export async function startLocalStack(): Promise<LocalStack> {
  const missing = [
    'DATABASE_HOST',
    'DATABASE_USER',
    'DATABASE_PASSWORD',
    'REDIS_HOST',
    'RABBITMQ_HOST',
  ].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set: run the browser tests through \`make test\`, which starts the local services`,
    );
  }
  for (const file of [path.join(OUT, 'index.html'), path.join(API_DIR, 'dist', 'main.js')]) {
    if (!existsSync(file))
      throw new Error(
        `${file} is missing: build first (\`make test\` builds the site and the API)`,
      );
  }
  const id = randomBytes(4).toString('hex');
  const database = `skyport_e2e_${id}`;
  const admin = () =>
    new Client({
      host: process.env.DATABASE_HOST,
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USER,
      password: process.env.DATABASE_PASSWORD,
      database: 'postgres',
    });
  const create = admin();
  await create.connect();
  await create.query(`CREATE DATABASE ${database}`);
  await create.end();

  const children: ChildProcess[] = [];
  let output = '';
  const siteDir = mkdtempSync(path.join(tmpdir(), 'skyport-site-'));
  let site: StaticSiteServer | undefined;

  async function stop(): Promise<void> {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null
          ? new Promise((done) => child.once('exit', done))
          : Promise.resolve(),
      ),
    );
    await site?.close();
    rmSync(siteDir, { recursive: true, force: true });
    const drop = admin();
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await drop.end();
  }

  try {
    const [apiPort, modelPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    retargetExport(OUT, siteDir, BUILT_FOR, apiUrl);
    site = await startStaticSiteServer(siteDir, {
      viewerRequestSource: viewerRequestSource(),
      contentSecurityPolicy: staticExportCsp(apiUrl),
    });
    const secret = randomBytes(32).toString('hex');
    const ownerEmail = `owner-${id}@example.com`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATABASE_HOST: process.env.DATABASE_HOST,
      DATABASE_PORT: process.env.DATABASE_PORT ?? '5432',
      DATABASE_USER: process.env.DATABASE_USER,
      DATABASE_PASSWORD: process.env.DATABASE_PASSWORD,
      DATABASE_NAME: database,
      REDIS_HOST: process.env.REDIS_HOST,
      REDIS_PORT: process.env.REDIS_PORT ?? '6379',
      REDIS_KEY_PREFIX: `e2e:${id}:`,
      RABBITMQ_HOST: process.env.RABBITMQ_HOST,
      RABBITMQ_PORT: process.env.RABBITMQ_PORT ?? '5672',
      RABBITMQ_USER: process.env.RABBITMQ_USER ?? 'skyport',
      RABBITMQ_PASSWORD: process.env.RABBITMQ_PASSWORD ?? 'skyport',
      RABBITMQ_QUEUE: 'contact-e2e',
      CORS_ORIGIN: site.url,
      AUTH_TOKEN_SECRET: secret,
      OWNER_EMAIL: ownerEmail,
      BEDROCK_REGION: 'us-east-1',
      BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
      BEDROCK_ENDPOINT: `http://127.0.0.1:${modelPort}`,
      AWS_ACCESS_KEY_ID: 'stand-in',
      AWS_SECRET_ACCESS_KEY: 'stand-in',
    };
    const run = (entry: string, args: string[] = []) => {
      const child = spawn(process.execPath, [path.join('dist', entry), ...args], {
        cwd: API_DIR,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      children.push(child);
      return child;
    };
    const migrated = await new Promise<number | null>((done) =>
      run('migrate.js').once('exit', done),
    );
    if (migrated !== 0) throw new Error(`migrations failed:\n${output}`);
    run('stand-in-model.js', [String(modelPort)]);
    run('main.js');
    run('worker.js');
    await waitFor(`${apiUrl}/ready`, () => output);

    const password = 'correct horse battery staple';
    const setupCode = createHmac('sha256', secret)
      .update(`skyport-owner-setup:${ownerEmail}`)
      .digest('hex');
    const registered = await fetch(`${apiUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ownerEmail, password, setupCode }),
    });
    // 202 for a free and a taken address alike (decision 0018): signing in below proves it worked.
    if (registered.status !== 202)
      throw new Error(`registering the owner: ${registered.status} ${await registered.text()}`);

    return {
      siteUrl: site.url,
      apiUrl,
      ownerEmail,
      ownerPassword: password,
      async ownerToken() {
        const login = await fetch(`${apiUrl}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.1' },
          body: JSON.stringify({ email: ownerEmail, password }),
        });
        return ((await login.json()) as { accessToken: string }).accessToken;
      },
      logs: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor(url: string, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url} did not answer 200 within 60 s:\n${logs()}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
