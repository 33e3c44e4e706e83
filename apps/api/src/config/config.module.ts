import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ApiConfig } from './config';

/** Injection token for the validated configuration: `@Inject(API_CONFIG) config: ApiConfig`. */
export const API_CONFIG = Symbol('API_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
