import {
  secretFieldValueFrom,
  type ContainerDependency,
  type ContainerSpec,
} from '@skyport/modules/service';
import type { DataEndpoints } from './data-stack';

/** Images of the embedded data sidecars: multi-arch (ARM64), pinned to a major version. */
export const EMBEDDED_IMAGES = {
  postgres: 'public.ecr.aws/docker/library/postgres:18-alpine',
  valkey: 'docker.io/valkey/valkey:8-alpine',
  rabbitmq: 'public.ecr.aws/docker/library/rabbitmq:4-alpine',
} as const;

/**
 * PostgreSQL, Valkey and RabbitMQ as sidecars of the API task, for the cheapest throwaway
 * environment (`data.mode = "embedded"`). They listen on the task's localhost (awsvpc: only this
 * task's containers share it), use the credentials the data stack generated, run as their
 * images' non-root users on a read-only root with writable data paths, and lose everything when
 * the task stops. `ready` is what the app containers wait for.
 */
export function embeddedDataSidecars(endpoints: DataEndpoints): {
  containers: ContainerSpec[];
  ready: ContainerDependency[];
} {
  const { postgres, redis, rabbitmq } = endpoints;
  const containers: ContainerSpec[] = [
    {
      name: 'postgres',
      image: EMBEDDED_IMAGES.postgres,
      user: '70:70',
      // Fargate mounts an empty volume as root 0755 unless the path is a VOLUME of the image, in
      // which case it copies the image's ownership: only /var/lib/postgresql is one here. The
      // socket (which the entrypoint's init uses) therefore lives there too, found via PGHOST.
      environment: {
        POSTGRES_DB: postgres.database,
        PGDATA: '/var/lib/postgresql/18/docker',
        PGHOST: '/var/lib/postgresql',
      },
      secrets: {
        POSTGRES_USER: secretFieldValueFrom(postgres.secretArn, 'username'),
        POSTGRES_PASSWORD: secretFieldValueFrom(postgres.secretArn, 'password'),
      },
      command: [
        'postgres',
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=/var/lib/postgresql',
      ],
      writablePaths: ['/var/lib/postgresql'],
      healthCheck: {
        command: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'],
        startPeriodSeconds: 20,
      },
    },
    {
      name: 'valkey',
      image: EMBEDDED_IMAGES.valkey,
      user: '999:1000',
      secrets: { REDIS_PASSWORD: secretFieldValueFrom(redis.secretArn, 'password') },
      // No persistence: the data would not outlive the task anyway.
      command: [
        'sh',
        '-c',
        'exec valkey-server --bind 127.0.0.1 --requirepass "$REDIS_PASSWORD" --save "" --appendonly no',
      ],
      // /data is the image's VOLUME (owned by the valkey user); nothing else is written.
      writablePaths: ['/data'],
      healthCheck: {
        command: [
          'CMD-SHELL',
          'valkey-cli -h 127.0.0.1 -a "$REDIS_PASSWORD" --no-auth-warning ping',
        ],
      },
    },
    {
      name: 'rabbitmq',
      image: EMBEDDED_IMAGES.rabbitmq,
      user: '100:101',
      environment: { RABBITMQ_NODENAME: 'rabbit@localhost' },
      secrets: {
        RABBITMQ_DEFAULT_USER: secretFieldValueFrom(rabbitmq.secretArn, 'username'),
        RABBITMQ_DEFAULT_PASS: secretFieldValueFrom(rabbitmq.secretArn, 'password'),
      },
      // /var/lib/rabbitmq is the image's VOLUME; logs go to the console (the image's default).
      writablePaths: ['/var/lib/rabbitmq'],
      healthCheck: {
        command: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
        startPeriodSeconds: 40,
      },
    },
  ];
  return {
    containers,
    ready: containers.map((c) => ({ containerName: c.name, condition: 'HEALTHY' as const })),
  };
}
