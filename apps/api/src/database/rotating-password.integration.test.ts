import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Pool } from 'pg';
import { loadConfig } from '../config/config';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import { serverConnection } from '../testing/throwaway-database';
import { dataSourceOptions } from './data-source-options';
import { initializeWithRotation } from './database.module';
import { RotatingPassword } from './rotating-password';

async function admin(statement: string): Promise<void> {
  const client = new Client(serverConnection());
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('a rotated database password on the real PostgreSQL', () => {
  let environment: TestEnvironment;
  const role = `rotating_${randomBytes(4).toString('hex')}`;
  const first = randomBytes(12).toString('hex');
  const second = randomBytes(12).toString('hex');

  beforeAll(async () => {
    environment = await createTestEnvironment();
    await admin(`CREATE ROLE ${role} LOGIN PASSWORD '${first}'`);
    await admin(`GRANT CONNECT ON DATABASE "${environment.database.name}" TO ${role}`);
  });

  afterAll(async () => {
    await environment?.cleanup();
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('re-reads the secret after a failed login and connects with the new password', async () => {
    let secret = first;
    let reads = 0;
    const rotating = new RotatingPassword(
      first,
      () => {
        reads += 1;
        return Promise.resolve(secret);
      },
      0,
    );
    const config = loadConfig({
      ...environment.env,
      DATABASE_USER: role,
      DATABASE_PASSWORD: first,
    });
    const options = dataSourceOptions(config.database);
    const dataSource = await initializeWithRotation(
      { ...options, extra: { ...options.extra, idleTimeoutMillis: 50 } },
      rotating,
    );
    try {
      expect(await dataSource.query('SELECT current_user AS who')).toEqual([{ who: role }]);
      expect(reads).toBe(0);

      // RDS rotates: the secret and the role change; pooled connections are gone.
      secret = second;
      await admin(`ALTER ROLE ${role} PASSWORD '${second}'`);
      // Pooled connections close after 50 ms idle, so the next query opens a new one.
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      await new Promise((done) => setTimeout(done, 300));
      expect(pool.totalCount).toBe(0);

      // The first new connection still uses the injected password and fails ...
      await expect(dataSource.query('SELECT 1')).rejects.toThrow(/password authentication failed/);
      // ... the next one re-reads the secret and works.
      expect(await dataSource.query('SELECT current_user AS who')).toEqual([{ who: role }]);
      expect(reads).toBe(1);
    } finally {
      await dataSource.destroy();
    }
  });
});
