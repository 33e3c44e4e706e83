import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, QueryFailedError } from 'typeorm';
import { loadConfig, type ApiConfig } from './config/config';
import { createApp } from './create-app';
import { migrate } from './migrate';
import { Project } from './projects/project.entity';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing/throwaway-database';

describe('the API against a real PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let config: ApiConfig;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    config = loadConfig({ DATABASE_URL: database.url, HOST: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('applies the migrations once, then finds nothing left to apply', async () => {
    expect(await migrate(config.database)).toEqual(['CreateProjects1763700000000']);
    expect(await migrate(config.database)).toEqual([]);
  });

  it('boots, connects to the database and answers /health over HTTP', async () => {
    app = await createApp(config, { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${await app.getUrl()}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${await app.getUrl()}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404 });
  });

  it('stores and reads projects through the migrated schema', async () => {
    const projects = app.get(DataSource).getRepository(Project);
    const saved = await projects.save(
      projects.create({ slug: 'skyport', title: 'Skyport', publishedAt: null }),
    );
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.createdAt).toBeInstanceOf(Date);
    const found = await projects.findOneByOrFail({ slug: 'skyport' });
    expect(found).toMatchObject({ title: 'Skyport', summary: '', publishedAt: null });
  });

  it('refuses a duplicate or malformed slug at the database', async () => {
    const projects = app.get(DataSource).getRepository(Project);
    await expect(projects.insert({ slug: 'skyport', title: 'Again' })).rejects.toThrow(
      QueryFailedError,
    );
    await expect(projects.insert({ slug: 'Not A Slug', title: 'Bad' })).rejects.toThrow(
      /ck_projects_slug/,
    );
  });
});

describe('configuration', () => {
  it('names every missing or malformed variable at once', () => {
    expect(() => loadConfig({ PORT: '99999', DATABASE_SSL: 'maybe' })).toThrow(
      [
        'invalid configuration:',
        '  - PORT must be a whole number from 1 to 65535, got "99999"',
        '  - DATABASE_URL is not set: expected postgresql://user:password@host:5432/database',
        '  - DATABASE_SSL must be one of disable, require, verify-full, got "maybe"',
      ].join('\n'),
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/app' })).toThrow(
      'DATABASE_URL is not a postgresql:// URL with a host and a database name',
    );
  });

  it('defaults to port 3000 on all interfaces without TLS to the database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/app' })).toEqual({
      port: 3000,
      host: '0.0.0.0',
      database: { url: 'postgresql://u:p@db:5432/app', ssl: 'disable' },
    });
  });
});
