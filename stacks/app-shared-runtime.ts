import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { justifyCheck } from '@skyport/modules/audit';
import type { AwsContext } from '@skyport/modules/aws-context';
import { GeneratedSecret } from '@skyport/modules/generated-secret';
import type { ContainerDependency, ContainerSpec } from '@skyport/modules/service';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AppInputs } from './app-inputs';
import { OTLP_ENDPOINT, otelCollector, runtimeSettings, taskPermissions } from './app-runtime';
import type { EnvironmentProfile } from './config/environments';
import type { DataStack } from './data-stack';
import type { NetworkStack } from './network-stack';

export interface SharedRuntimeOptions {
  readonly profile: EnvironmentProfile;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly inputs: AppInputs;
  readonly aws: AwsContext;
}

/** Where the app's tasks run, and what must exist before the first one starts. */
export interface TaskPlacement {
  readonly subnetIds: string[];
  /** Without NAT, tasks live in the public tier with public IPs. */
  readonly publicSubnets: boolean;
  readonly securityGroupId: string;
  /**
   * The cluster's capacity providers and the tasks' egress rules: a capacity provider strategy
   * may name only providers already attached to the cluster, and a task started before its
   * egress rules exist cannot pull its image or reach the database.
   */
  readonly prerequisites: ITerraformDependable[];
}

/** What the processes that run beside an OpenTelemetry collector get (profile `app.tracing`). */
export interface Tracing {
  /** Where to send traces, and the spans' deployment.environment.name. */
  readonly environment: Record<string, string>;
  /** The collector, or nothing. */
  readonly sidecars: ContainerSpec[];
  /**
   * Started after the collector, so stopped before it (ECS reverses the order): the spans the
   * app flushes on SIGTERM still find the collector listening.
   */
  readonly afterCollector: ContainerDependency[];
}

/** What every workload of the app stack (API, worker, migrations) runs on and with. */
export interface SharedRuntime {
  /** `skyport-<env>`: the cluster's name and the prefix of the stack's names. */
  readonly name: string;
  /** The environment's KMS key (network stack): logs, secrets and images are encrypted with it. */
  readonly keyArn: string;
  readonly cluster: EcsCluster;
  readonly placement: TaskPlacement;
  /** The HMAC key of the API's access tokens (`AUTH_TOKEN_SECRET`). */
  readonly authTokenSecret: GeneratedSecret;
  /** The environment and secrets every process of the image gets. */
  readonly settings: ReturnType<typeof runtimeSettings>;
  /** The task roles' statements, one group per need. */
  readonly permissions: ReturnType<typeof taskPermissions>;
  readonly tracing: Tracing;
}

/**
 * The ECS cluster (Fargate and Fargate Spot), where its tasks run and may connect, the
 * access-token key, and the settings and permissions the API, the worker and the migration share.
 */
export function sharedRuntime(stack: Construct, options: SharedRuntimeOptions): SharedRuntime {
  const { profile, network, data, inputs, aws } = options;
  const name = `skyport-${profile.name}`;
  const keyArn = network.key.arn;
  const embedded = profile.data.mode === 'embedded';
  const cluster = ecsCluster(stack, name, profile.app.containerInsights);
  const capacityProviders = new EcsClusterCapacityProviders(stack, 'capacity-providers', {
    clusterName: cluster.name,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  });

  // Without NAT, tasks live in the public tier with public IPs; their security group still
  // admits nothing but the API's entry.
  const publicSubnets = profile.network.natMode === 'none';
  const securityGroupId = network.appSecurityGroup.id;
  const egress = allowTaskEgress(stack, securityGroupId, data, embedded);
  const placement: TaskPlacement = {
    subnetIds: network.network.subnetIds(publicSubnets ? 'public' : 'private'),
    publicSubnets,
    securityGroupId,
    prerequisites: [capacityProviders, ...egress],
  };

  const authTokenSecret = accessTokenKey(stack, name, keyArn);
  const settings = runtimeSettings(data.endpoints, {
    domainName: inputs.domainName,
    modelId: inputs.modelId,
    region: aws.region,
    ownerEmail: inputs.ownerEmail,
    authTokenSecret: {
      arn: authTokenSecret.arn,
      valueFrom: authTokenSecret.valueFrom('password'),
    },
  });
  const permissions = taskPermissions({
    partition: aws.partition,
    region: aws.region,
    accountId: aws.accountId,
    clusterName: name,
    modelId: inputs.modelId,
    tracing: profile.app.tracing,
    // Embedded data has no Postgres construct: its credentials never rotate.
    databaseCredentials: data.postgres?.readCredentialsStatements(aws.region) ?? [],
  });
  return {
    name,
    keyArn,
    cluster,
    placement,
    authTokenSecret,
    settings,
    permissions,
    tracing: tracing(profile),
  };
}

function ecsCluster(stack: Construct, name: string, containerInsights: boolean): EcsCluster {
  const cluster = new EcsCluster(stack, 'cluster', {
    name,
    setting: [{ name: 'containerInsights', value: containerInsights ? 'enabled' : 'disabled' }],
  });
  if (!containerInsights) {
    justifyCheck(cluster, {
      check: 'CKV_AWS_65',
      because: 'design',
      reason:
        "Container Insights off (profile app.containerInsights, decision 0025): service CPU and memory come from the free AWS/ECS metrics with alarms on both, container output from the CloudWatch log groups, worker counts for autoscaling from the workers' own queue-depth reports; per-task metrics are one profile setting away",
    });
  }
  return cluster;
}

/**
 * What the tasks may reach: HTTPS anywhere (ECR, AWS APIs, Bedrock) and, with managed data,
 * each data service on its own port only. Embedded data is on the task's localhost.
 */
function allowTaskEgress(
  stack: Construct,
  securityGroupId: string,
  data: DataStack,
  embedded: boolean,
): VpcSecurityGroupEgressRule[] {
  const https = new VpcSecurityGroupEgressRule(stack, 'tasks-to-https', {
    securityGroupId,
    description: 'HTTPS to AWS APIs, ECR and Bedrock',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  if (embedded) return [https];
  const toDataTier = (
    id: string,
    service: string,
    groupId: string | undefined,
    port: number | undefined,
  ): VpcSecurityGroupEgressRule[] => {
    if (!groupId || port === undefined) return [];
    return [
      new VpcSecurityGroupEgressRule(stack, id, {
        securityGroupId,
        description: `${service} in the data tier`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: groupId,
      }),
    ];
  };
  const { postgres, cache, broker } = data;
  return [
    https,
    ...toDataTier('tasks-to-postgres', 'postgres', postgres?.securityGroup.id, postgres?.port),
    ...toDataTier('tasks-to-redis', 'redis', cache?.securityGroup.id, cache?.port),
    ...toDataTier('tasks-to-rabbitmq', 'rabbitmq', broker?.securityGroup.id, broker?.port),
  ];
}

/** Generated by Secrets Manager at the first apply: the value never enters the synthesized JSON. */
function accessTokenKey(stack: Construct, name: string, keyArn: string): GeneratedSecret {
  const secret = new GeneratedSecret(stack, 'auth-token-secret', {
    namePrefix: `${name}-auth-token-secret-`,
    description: `HMAC key of the ${name} API's access tokens (AUTH_TOKEN_SECRET)`,
    kmsKeyArn: keyArn,
    passwordLength: 64,
  });
  justifyCheck(secret.secret, {
    check: 'CKV2_AWS_57',
    because: 'design',
    reason:
      'ECS injects the key once at task start, so a Secrets Manager schedule would change it without reaching running tasks, and tasks started after it would reject the tokens older tasks sign; rotation is a planned apply -replace of the secret version followed by a new deployment of both services (docs/runbook.md)',
  });
  return secret;
}

// Only the processes that run beside a collector are told where to send traces; the profile
// name is their spans' deployment.environment.name (the worker has it anyway, for its metric).
function tracing(profile: EnvironmentProfile): Tracing {
  if (!profile.app.tracing) return { environment: {}, sidecars: [], afterCollector: [] };
  return {
    environment: { OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_ENDPOINT, METRICS_ENVIRONMENT: profile.name },
    sidecars: [otelCollector()],
    afterCollector: [{ containerName: 'otel-collector', condition: 'START' }],
  };
}
