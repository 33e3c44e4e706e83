import { onlyResource, referenceTo } from '../testing';
import {
  ACCOUNT,
  api,
  API_KEY_SECRET,
  containersOf,
  DB_SECRET,
  synth,
} from './task-definition-fixture';

describe('TaskDefinition', () => {
  const json = synth();
  const containers = containersOf(json);

  it('keeps quotes, backslashes and template characters of container strings as given', () => {
    const command = 'pg_isready -U "$POSTGRES_USER" && echo \\ ${HOME} %{x}';
    const [container] = containersOf(
      synth({
        containers: [{ ...api, healthCheck: { command: ['CMD-SHELL', command] } }],
      }),
    );
    expect((container?.healthCheck as { command: string[] }).command).toEqual([
      'CMD-SHELL',
      command,
    ]);
  });

  it('runs every container with a read-only root filesystem, unprivileged, as a non-root user, with an init process', () => {
    expect(containers.map((c) => c.name)).toEqual(['api', 'proxy']);
    for (const container of containers) {
      expect(container).toMatchObject({
        readonlyRootFilesystem: true,
        privileged: false,
        linuxParameters: { initProcessEnabled: true },
      });
      expect(container.user).not.toMatch(/^(0|root)(:|$)/);
    }
    expect(containers.map((c) => c.user)).toEqual(['1000:1000', '101:101']);
  });

  it.each(['0', 'root', '0:0', 'root:root', '0:1000'])(
    'refuses to run a container as %s',
    (user) => {
      expect(() => synth({ containers: [{ ...api, user }] })).toThrow(
        `[stack/api] containers "api" user: "${user}" runs as root; use a non-root uid`,
      );
    },
  );

  it('passes secrets as valueFrom references, never as environment values', () => {
    const [main] = containers;
    expect(main?.secrets).toEqual([
      { name: 'API_KEY', valueFrom: API_KEY_SECRET },
      { name: 'DB_PASSWORD', valueFrom: `${DB_SECRET}:password::` },
      { name: 'DB_USER', valueFrom: `${DB_SECRET}:username::` },
    ]);
    expect(main?.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'NODE_ENV', value: 'production' },
    ]);
    const plain = JSON.stringify(containers.map((c) => c.environment ?? []));
    expect(plain).not.toContain('secretsmanager');
    expect(() => synth({ containers: [{ ...api, environment: { DB_PASSWORD: 'x' } }] })).toThrow(
      '[stack/api] containers "api" secrets: DB_PASSWORD is in both environment and secrets',
    );
  });

  it('sends every container’s output to one encrypted log group with retention, prefixed by its name', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({
      name: '/skyport/dev/api',
      retention_in_days: 30,
      kms_key_id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`,
    });
    const group = referenceTo(json, 'aws_cloudwatch_log_group', 'name');
    for (const container of containers) {
      expect(container.logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: {
          'awslogs-group': group,
          'awslogs-region': expect.stringMatching(/^\$\{data\.aws_region\.[\w-]+\.region\}$/),
          'awslogs-stream-prefix': container.name,
        },
      });
    }
  });

  it('sets stop timeouts, port mapping, health check and start order per container', () => {
    const [main, sidecar] = containers;
    expect(main).toMatchObject({
      essential: true,
      stopTimeout: 30,
      portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
      healthCheck: {
        command: ['CMD', '/app/healthcheck'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 20,
      },
    });
    expect(sidecar).toMatchObject({
      stopTimeout: 110,
      dependsOn: [{ containerName: 'api', condition: 'HEALTHY' }],
    });
    expect(sidecar?.portMappings).toBeUndefined();
  });
});
