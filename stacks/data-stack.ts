import { Cache } from '@skyport/modules/cache';
import { justifyCheck } from '@skyport/modules/audit';
import { GeneratedSecret } from '@skyport/modules/generated-secret';
import { MessageBroker } from '@skyport/modules/message-broker';
import { Postgres } from '@skyport/modules/postgres';
import { Annotations, TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import type { NetworkStack } from './network-stack';

export interface DataStackProps extends EnvironmentStackProps {
  readonly network: NetworkStack;
}

/** Where the app finds one data service, in the shape the app stack injects into containers. */
export interface DataEndpoint {
  readonly host: string;
  readonly port: number;
  /** Whether clients must use TLS (managed services) or plain TCP on localhost (embedded). */
  readonly tls: boolean;
  /** Secret with the credentials: JSON with `password`, and `username` where the service has users. */
  readonly secretArn: string;
}

export interface DataEndpoints {
  readonly postgres: DataEndpoint & { readonly database: string };
  readonly redis: DataEndpoint;
  readonly rabbitmq: DataEndpoint;
}

export const EMBEDDED_DATA_WARNING =
  'embedded data mode: PostgreSQL, Valkey and RabbitMQ run as sidecars of the API task and keep ' +
  "their data on the task's ephemeral storage; every deploy, scale-in or Spot interruption loses it. " +
  'Use it for throwaway environments only (data.mode = "managed" everywhere else).';

/**
 * `<env>-data`: in `managed` mode, RDS PostgreSQL, ElastiCache (Valkey) and Amazon MQ (RabbitMQ)
 * in the isolated tier, each admitting only the app's security group on its own port. In
 * `embedded` mode, no data service at all: the app stack runs them as sidecars, and this stack
 * holds only their generated credentials (and says, at synth, that the data will not survive).
 */
export class DataStack extends EnvironmentStack {
  readonly endpoints: DataEndpoints;
  readonly postgres?: Postgres;
  readonly cache?: Cache;
  readonly broker?: MessageBroker;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, 'data', props);
    const { profile, network } = props;
    const name = `skyport-${profile.name}`;
    const kmsKeyArn = network.key.arn;
    if (profile.data.mode === 'embedded') {
      Annotations.of(this).addWarning(EMBEDDED_DATA_WARNING);
      this.endpoints = this.embedded(name, kmsKeyArn);
      return;
    }

    const placement = {
      name,
      vpcId: network.network.vpc.id,
      subnetIds: network.network.subnetIds('isolated'),
      clientSecurityGroupId: network.appSecurityGroup.id,
      kmsKeyArn,
    };
    const { postgres, cache, broker } = profile.data;
    const production = profile.stage === 'production';
    this.postgres = new Postgres(this, 'postgres', {
      ...placement,
      instanceClass: postgres.instanceClass,
      allocatedStorageGiB: postgres.allocatedStorageGiB,
      maxAllocatedStorageGiB: postgres.maxAllocatedStorageGiB,
      backupRetentionDays: postgres.backupRetentionDays,
      multiAz: postgres.multiAz,
      deletionProtection: postgres.deletionProtection,
      logRetentionDays: profile.logRetentionDays,
    });
    this.cache = new Cache(this, 'cache', {
      ...placement,
      nodeType: cache.nodeType,
      nodeCount: cache.nodeCount,
      logRetentionDays: profile.logRetentionDays,
      secretRecoveryWindowDays: production ? 30 : 7,
    });
    this.broker = new MessageBroker(this, 'broker', {
      ...placement,
      instanceType: broker.instanceType,
      deployment: broker.deployment,
      secretRecoveryWindowDays: production ? 30 : 7,
    });
    this.endpoints = {
      postgres: {
        host: this.postgres.address,
        port: this.postgres.port,
        tls: true,
        database: this.postgres.databaseName,
        secretArn: this.postgres.masterSecretArn,
      },
      redis: {
        host: this.cache.address,
        port: this.cache.port,
        tls: true,
        secretArn: this.cache.authSecretArn,
      },
      rabbitmq: {
        host: this.broker.host,
        port: this.broker.port,
        tls: true,
        secretArn: this.broker.credentialsSecretArn,
      },
    };
    new TerraformOutput(this, 'postgres_address', { value: this.postgres.address });
    new TerraformOutput(this, 'redis_address', { value: this.cache.address });
    new TerraformOutput(this, 'rabbitmq_endpoint', { value: this.broker.endpoint });
  }

  /** Credentials for the sidecars; they listen on the task's own localhost only. */
  private embedded(name: string, kmsKeyArn: string): DataEndpoints {
    const secret = (id: string, description: string, fields?: Record<string, string>) => {
      const generated = new GeneratedSecret(this, id, {
        name: `${name}/embedded/${id}`,
        description,
        kmsKeyArn,
        fields,
        recoveryWindowDays: 0,
      });
      justifyCheck(generated.secret, {
        check: 'CKV2_AWS_57',
        because: 'design',
        reason:
          'Password of a sidecar that lives only as long as its task: ECS injects it once at task start, so a Secrets Manager rotation would change the secret but not the running sidecar, while every new task starts empty data with the value of the day; only the execution role of the API task may read it (KMS-encrypted), and the sidecar is reachable only inside the task, whose security group admits only the entry point of the API (the load balancer, or the VPC link of the HTTP API where there is none), on the API port',
      });
      return generated.arn;
    };
    return {
      postgres: {
        host: 'localhost',
        port: 5432,
        tls: false,
        database: 'skyport',
        secretArn: secret('postgres', 'Embedded PostgreSQL sidecar: the skyport user', {
          username: 'skyport',
        }),
      },
      redis: {
        host: 'localhost',
        port: 6379,
        tls: false,
        secretArn: secret('valkey', 'Embedded Valkey sidecar: requirepass'),
      },
      rabbitmq: {
        host: 'localhost',
        port: 5672,
        tls: false,
        secretArn: secret('rabbitmq', 'Embedded RabbitMQ sidecar: the skyport user', {
          username: 'skyport',
        }),
      },
    };
  }
}
