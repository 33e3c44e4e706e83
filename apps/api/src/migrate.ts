import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, type DatabaseConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { runEntryPoint } from './run-entry-point';

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function migrate(database: DatabaseConfig): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

// `node dist/migrate.js`: the deploy's one-off migration task.
if (require.main === module) {
  runEntryPoint(async () => {
    const applied = await migrate(loadConfig().database);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  });
}
