import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { Project } from '../projects/project.entity';
import { migrations } from './migrations';

export const entities = [Project];

/**
 * TypeORM options shared by the API, the worker and the migration task. The schema is owned by
 * migrations: never `synchronize`, and the API does not migrate on start (`node dist/migrate.js`
 * runs once per deploy).
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    ssl:
      database.ssl === 'disable' ? false : { rejectUnauthorized: database.ssl === 'verify-full' },
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
