import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

/**
 * A fresh PostgreSQL database on the local server (scripts/services.sh), so test files never
 * share state and can run in parallel. Dropped by `drop()`.
 */
export interface ThrowawayDatabase {
  readonly name: string;
  drop(): Promise<void>;
}

/** The local server's admin connection, from the variables scripts/services.sh writes. */
export function serverConnection(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const missing = ['DATABASE_HOST', 'DATABASE_USER', 'DATABASE_PASSWORD', 'DATABASE_NAME'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set. Start the local services and load their variables: ` +
        '`scripts/services.sh up && set -a && . .services/services.env && set +a`, or run `make test`.',
    );
  }
  return {
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
    database: env.DATABASE_NAME,
  };
}

export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const server = serverConnection();
  const name = `skyport_test_${randomBytes(6).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    async drop() {
      await withClient(server, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withClient<T>(
  config: ClientConfig,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
