/**
 * The API's production build on loopback, for the tools that measure or probe it (bench-api,
 * api-fuzz): a database of its own on the local PostgreSQL (scripts/services.sh), migrated, its own
 * Redis prefix and queue, optionally the stand-in model instead of Bedrock; dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
/** The API's build; SKYPORT_API_DIR points at another checkout's apps/api. */
export const API_DIR = resolve(process.env.SKYPORT_API_DIR ?? resolve(ROOT, 'apps/api'));
export const API_DIST = resolve(API_DIR, 'dist');

export function need(name: string, make: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run through \`make ${make}\` (it loads .services/services.env)`,
    );
  }
  return value;
}

export async function sql(database: string, statement: string, make: string): Promise<void> {
  const client = new Client({
    host: need('DATABASE_HOST', make),
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: need('DATABASE_USER', make),
    password: need('DATABASE_PASSWORD', make),
    database,
  });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, command, { env, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command.join(' ')} exited ${code}`)),
    );
  });
}

async function waitForReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url}/ready never answered 200`);
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((done) => child.on('exit', done));
  child.kill('SIGTERM');
  await exited;
}

export interface LocalApi {
  readonly url: string;
  readonly database: string;
  /** The environment the API runs with. */
  readonly env: NodeJS.ProcessEnv;
}

export interface LocalApiOptions {
  /** The make target that runs the tool (named in errors). */
  readonly make: string;
  readonly port: number;
  /** SQL run on the new database after the migrations (seed data). */
  readonly seed?: string;
  /** Answer the assistant with the stand-in model (dist/stand-in-model.js) on this port. */
  readonly standInModelPort?: number;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The apps/api folder whose build runs (another commit's, for a baseline).
   * @default API_DIR (this checkout's apps/api, or SKYPORT_API_DIR)
   */
  readonly apiDir?: string;
  /**
   * Node flags for the API process only (not the migration), e.g. `--cpu-prof`.
   * @default none
   */
  readonly nodeArgs?: readonly string[];
}

/** Runs `use` against a fresh, migrated API; everything it started is stopped and dropped after. */
export async function withLocalApi<T>(
  options: LocalApiOptions,
  use: (api: LocalApi) => Promise<T>,
): Promise<T> {
  const database = `skyport_${options.make.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = need('DATABASE_NAME', options.make);
  await sql(admin, `CREATE DATABASE "${database}"`, options.make);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    LOG_LEVEL: 'warn',
    DATABASE_NAME: database,
    DATABASE_SSL: 'disable',
    REDIS_KEY_PREFIX: `${options.make}:${database}:`,
    RABBITMQ_QUEUE: `contact-${options.make}-${database.slice(-8)}`,
    SHUTDOWN_GRACE_MS: '0',
    ...(options.standInModelPort
      ? {
          BEDROCK_ENDPOINT: `http://127.0.0.1:${options.standInModelPort}`,
          // The SDK signs every request; the stand-in ignores the signature.
          AWS_ACCESS_KEY_ID: 'stand-in',
          AWS_SECRET_ACCESS_KEY: 'stand-in',
        }
      : {}),
    ...options.env,
  };
  const dist = options.apiDir === undefined ? API_DIST : resolve(options.apiDir, 'dist');
  let api: ChildProcess | undefined;
  let model: ChildProcess | undefined;
  try {
    await run([resolve(dist, 'migrate.js')], env);
    if (options.seed) await sql(database, options.seed, options.make);
    if (options.standInModelPort) {
      model = spawn(
        process.execPath,
        [resolve(dist, 'stand-in-model.js'), String(options.standInModelPort)],
        { env, stdio: 'inherit' },
      );
    }
    api = spawn(process.execPath, [...(options.nodeArgs ?? []), resolve(dist, 'main.js')], {
      env,
      stdio: 'inherit',
    });
    const url = `http://127.0.0.1:${options.port}`;
    await waitForReady(url);
    return await use({ url, database, env });
  } finally {
    await stop(api);
    await stop(model);
    await sql(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, options.make);
  }
}
