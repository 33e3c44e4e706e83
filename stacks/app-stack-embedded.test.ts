import { type TerraformBlock, type TerraformJson } from '@skyport/modules/testing';
import { blocks, committedDev, containersOf } from './app-stack-test-support';
import { EMBEDDED_DATA_WARNING } from './data-stack';
import { EMBEDDED_IMAGES } from './embedded-data';
import { synthesizeApp } from './test-support';

describe('embedded data mode (dev as committed)', () => {
  const embedded = synthesizeApp({ environments: 'dev' });

  it('is how dev ships, with the API task at the least size embedded data accepts', () => {
    expect(committedDev.data.mode).toBe('embedded');
    expect([committedDev.app.api.cpu, committedDev.app.api.memoryMiB]).toEqual([1024, 2048]);
  });

  const data = embedded.stacks.get('dev-data') as TerraformJson;
  const app = embedded.stacks.get('dev-app') as TerraformJson;

  it('creates no RDS, ElastiCache or Amazon MQ resource', () => {
    const types = [...embedded.stacks.values()].flatMap((json) => Object.keys(json.resource ?? {}));
    expect(types.filter((t) => /^aws_(db_|rds_|elasticache_|mq_)/.test(t))).toEqual([]);
    expect(Object.keys(data.resource ?? {}).sort()).toEqual([
      'aws_secretsmanager_secret',
      'aws_secretsmanager_secret_version',
    ]);
  });

  it('runs PostgreSQL, Valkey and RabbitMQ as sidecars of the one API task, and migrates before the app starts', () => {
    expect(blocks(app, 'aws_ecs_task_definition')).toHaveLength(1);
    const containers = containersOf(app, /^api-task_task-definition/);
    expect(containers.map((c) => c.name).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'rabbitmq',
      'valkey',
      'worker',
    ]);
    expect(JSON.stringify(containers)).toContain(EMBEDDED_IMAGES.postgres);
    expect(containers.find((c) => c.name === 'api')?.dependsOn).toEqual([
      { containerName: 'migrate', condition: 'SUCCESS' },
    ]);
    expect(containers.find((c) => c.name === 'migrate')).toMatchObject({ essential: false });
    const env = Object.fromEntries(
      (containers.find((c) => c.name === 'api')?.environment ?? []).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      DATABASE_HOST: 'localhost',
      DATABASE_SSL: 'disable',
      REDIS_HOST: 'localhost',
      RABBITMQ_PORT: '5672',
      OWNER_EMAIL: '${var.owner_email}',
    });
    for (const name of ['api', 'worker', 'migrate']) {
      const container = containers.find((c) => c.name === name);
      expect(container?.secrets?.map((s) => s.name)).toContain('AUTH_TOKEN_SECRET');
      expect(container?.environment?.map((e) => e.name)).not.toContain('AUTH_TOKEN_SECRET');
    }
  });

  it('checks the worker’s heartbeat in the API task, and a hung worker replaces the task like a crashed one', () => {
    const worker = containersOf(app, /^api-task_task-definition/).find((c) => c.name === 'worker');
    expect(worker).toMatchObject({
      essential: true,
      healthCheck: { command: ['CMD', 'node', 'dist/worker-health.js'], startPeriod: 60 },
    });
  });

  it('runs exactly one task, since each task would have its own empty database', () => {
    expect(blocks(app, 'aws_ecs_service')).toHaveLength(1);
    const [[, target]] = blocks(app, 'aws_appautoscaling_target') as [[string, TerraformBlock]];
    expect([target.min_capacity, target.max_capacity]).toEqual([1, 1]);
  });

  it('warns at synth that the data does not survive a restart', () => {
    expect(embedded.warnings).toEqual([`dev-data: ${EMBEDDED_DATA_WARNING}`]);
  });
});
