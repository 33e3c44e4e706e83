import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ApiConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), retryAttempts: 3 })],
      controllers: [HealthController],
    };
  }
}
