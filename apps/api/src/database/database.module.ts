import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { RotatingPassword, secretsManagerReader } from './rotating-password';

/**
 * The TypeORM DataSource, from the validated configuration; never migrates on start. With
 * DATABASE_SECRET_ARN (managed RDS) a failed login re-reads the rotated password.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        ...dataSourceOptions(config.database),
        retryAttempts: 3,
        retryDelay: 1_000,
        rotatingPassword:
          config.database.secretArn === undefined
            ? undefined
            : new RotatingPassword(
                config.database.password,
                secretsManagerReader(config.database.secretArn),
              ),
      }),
      dataSourceFactory: (options) => {
        const { rotatingPassword, ...rest } = options as unknown as RotatableOptions;
        return rotatingPassword === undefined
          ? new DataSource(rest as unknown as DataSourceOptions).initialize()
          : initializeWithRotation(rest as unknown as DataSourceOptions, rotatingPassword);
      },
    }),
  ],
})
export class DatabaseModule {}

/** TypeORM options plus the password source for a rotated RDS secret. */
type RotatableOptions = Record<string, unknown> & { rotatingPassword?: RotatingPassword };

/** A DataSource whose pool takes its password from `rotating` and reports successful logins. */
export async function initializeWithRotation(
  options: DataSourceOptions,
  rotating: RotatingPassword,
): Promise<DataSource> {
  const extra = (options as { extra?: Record<string, unknown> }).extra ?? {};
  const dataSource = new DataSource({
    ...options,
    extra: { ...extra, password: rotating.password },
  });
  // TypeORM opens a first connection while initializing; count it before the listener exists.
  await dataSource.initialize();
  rotating.connected();
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  pool.on('connect', () => rotating.connected());
  return dataSource;
}
