import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/config';

export interface CreateAppOptions {
  /** Nest log levels to print. @default ['error', 'warn', 'log'] */
  readonly logger?: LogLevel[];
}

/** Builds the HTTP application without listening, so tests and main.ts share one setup. */
export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config),
    new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: true }),
    { logger: options.logger ?? ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  return app;
}
