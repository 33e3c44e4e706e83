import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { loadConfig } from './config/config';
import { buildOpenApiDocument } from './http/openapi';
import { runEntryPoint } from './run-entry-point';

/**
 * `node dist/write-openapi.js [file]`, run by the build: writes the OpenAPI document to
 * apps/api/openapi.json. The module graph is resolved in preview mode (no provider is
 * instantiated), so no database, cache or broker is needed, and placeholder settings suffice.
 */
const PLACEHOLDER_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: 'development',
  DATABASE_HOST: 'localhost',
  DATABASE_NAME: 'skyport',
  DATABASE_USER: 'skyport',
  DATABASE_PASSWORD: 'unused',
  REDIS_HOST: 'localhost',
  RABBITMQ_HOST: 'localhost',
  RABBITMQ_USER: 'skyport',
  RABBITMQ_PASSWORD: 'unused',
  CORS_ORIGIN: 'https://example.com',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
  OWNER_EMAIL: 'owner@example.com',
  BEDROCK_REGION: 'us-east-1',
  BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
};

if (require.main === module) {
  runEntryPoint(async () => {
    const target = resolve(process.argv[2] ?? resolve(__dirname, '..', 'openapi.json'));
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forConfig(loadConfig(PLACEHOLDER_ENV)),
      new FastifyAdapter(),
      { preview: true, logger: false, abortOnError: false },
    );
    const document = buildOpenApiDocument(app);
    writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote ${target}: ${Object.keys(document.paths).length} paths`);
  });
}
