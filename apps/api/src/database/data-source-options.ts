import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { User } from '../auth/user.entity';
import { ContactMessage } from '../contact/contact-message.entity';
import { Project } from '../projects/project.entity';
import { OutboxMessage } from '../messaging/outbox-message.entity';
import { ProcessedMessage } from '../messaging/processed-message.entity';
import { migrations } from './migrations';

export const entities = [Project, User, ContactMessage, OutboxMessage, ProcessedMessage];

/**
 * TypeORM options shared by the API, the worker and the migration task. The schema is owned by
 * migrations: never `synchronize`, and the API does not migrate on start (`node dist/migrate.js`
 * runs once per deploy).
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: database.host,
    port: database.port,
    database: database.name,
    username: database.user,
    password: database.password,
    ssl:
      database.ssl === 'disable' ? false : { rejectUnauthorized: database.ssl === 'verify-full' },
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Statement timeout: a stuck query must not hold a pooled connection for ever.
    extra: { max: 10, connectionTimeoutMillis: 5_000, statement_timeout: 10_000 },
  };
}
