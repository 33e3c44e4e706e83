import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import {
  invokeModelStatement,
  sendTracesStatement,
  taskProtectionStatement,
} from '@skyport/modules/iam';
import { secretFieldValueFrom, type ContainerSpec } from '@skyport/modules/service';
import { API_METRICS_PORT, API_PORT, QUEUE_DEPTH_METRIC, QUEUES } from './app-contract';
import type { DataEndpoints } from './data-stack';

/** OpenTelemetry collector that forwards the app's traces to X-Ray (ARM64 image). */
const OTEL_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';

export interface RuntimeOptions {
  readonly domainName: string;
  readonly modelId: string;
  readonly region: string;
  /** The account registered with this address owns the portfolio (variable `owner_email`). */
  readonly ownerEmail: string;
  /** The secret whose `password` field is the access-token HMAC key (`AUTH_TOKEN_SECRET`). */
  readonly authTokenSecret: { readonly arn: string; readonly valueFrom: string };
}

/**
 * The environment and secrets every process of the image gets (docs/decisions/0008): the same
 * names whether the data is managed or embedded; only hosts, ports and TLS differ. Passwords are
 * injected by ECS from Secrets Manager, never written into the task definition.
 */
export function runtimeSettings(endpoints: DataEndpoints, options: RuntimeOptions) {
  const { postgres, redis, rabbitmq } = endpoints;
  const environment: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(API_PORT),
    METRICS_PORT: String(API_METRICS_PORT),
    DATABASE_HOST: postgres.host,
    DATABASE_PORT: String(postgres.port),
    DATABASE_NAME: postgres.database,
    DATABASE_SSL: postgres.tls ? 'verify-full' : 'disable',
    ...(postgres.tls ? { DATABASE_SECRET_ARN: postgres.secretArn } : {}),
    REDIS_HOST: redis.host,
    REDIS_PORT: String(redis.port),
    REDIS_TLS: String(redis.tls),
    RABBITMQ_HOST: rabbitmq.host,
    RABBITMQ_PORT: String(rabbitmq.port),
    RABBITMQ_TLS: String(rabbitmq.tls),
    RABBITMQ_QUEUE: QUEUES.contact,
    CORS_ORIGIN: `https://${options.domainName}`,
    BEDROCK_REGION: options.region,
    BEDROCK_MODEL_ID: options.modelId,
    OWNER_EMAIL: options.ownerEmail,
  };
  const secrets: Record<string, string> = {
    DATABASE_USER: secretFieldValueFrom(postgres.secretArn, 'username'),
    DATABASE_PASSWORD: secretFieldValueFrom(postgres.secretArn, 'password'),
    REDIS_PASSWORD: secretFieldValueFrom(redis.secretArn, 'password'),
    RABBITMQ_USER: secretFieldValueFrom(rabbitmq.secretArn, 'username'),
    RABBITMQ_PASSWORD: secretFieldValueFrom(rabbitmq.secretArn, 'password'),
    AUTH_TOKEN_SECRET: options.authTokenSecret.valueFrom,
  };
  return {
    environment,
    secrets,
    // Every secret above: the execution role may read these and no others.
    secretArns: [
      postgres.secretArn,
      redis.secretArn,
      rabbitmq.secretArn,
      options.authTokenSecret.arn,
    ],
  };
}

/**
 * Metric math for target tracking: messages waiting in the contact queue (as the worker reports
 * them, see QUEUE_DEPTH_METRIC) per running worker task. Running workers are Container Insights'
 * RunningTaskCount when the cluster has it; without it, the number of depth reports in the
 * minute, since every worker task writes one a minute (a worker that cannot reach the broker
 * writes none, and then has no backlog to work on either).
 */
export function queueBacklogPerTask(
  environment: string,
  clusterName: string,
  serviceName: string,
  containerInsights: boolean,
) {
  const depth = {
    namespace: QUEUE_DEPTH_METRIC.namespace,
    metricName: QUEUE_DEPTH_METRIC.name,
    dimensions: Object.entries(QUEUE_DEPTH_METRIC.dimensions(environment, QUEUES.contact)).map(
      ([name, value]) => ({ name, value }),
    ),
  };
  const workers = containerInsights
    ? {
        metric: {
          namespace: 'ECS/ContainerInsights',
          metricName: 'RunningTaskCount',
          dimensions: [
            { name: 'ClusterName', value: clusterName },
            { name: 'ServiceName', value: serviceName },
          ],
        },
        stat: 'Average',
      }
    : { metric: depth, stat: 'SampleCount' };
  return [
    { id: 'queued', returnData: false, metricStat: { metric: depth, stat: 'Maximum' } },
    { id: 'workers', returnData: false, metricStat: workers },
    {
      id: 'backlog_per_task',
      expression: 'queued / workers',
      label: 'Messages per worker',
      returnData: true,
    },
  ];
}

/**
 * The collector's whole configuration, passed in `AOT_CONFIG_CONTENT`: OTLP in on the task's
 * localhost, traces out to X-Ray, nothing else (the image's default configuration also ships
 * metrics through CloudWatch Logs, which would need more permissions than tracing does).
 */
export const OTEL_COLLECTOR_CONFIG = [
  'receivers:',
  '  otlp:',
  '    protocols:',
  '      grpc:',
  '        endpoint: 127.0.0.1:4317',
  '      http:',
  '        endpoint: 127.0.0.1:4318',
  'processors:',
  '  batch: {}',
  'exporters:',
  '  awsxray: {}',
  'service:',
  '  pipelines:',
  '    traces:',
  '      receivers: [otlp]',
  '      processors: [batch]',
  '      exporters: [awsxray]',
].join('\n');

/**
 * Where the app sends its spans: the collector's OTLP/HTTP receiver (protobuf), which needs no
 * gRPC library in the app (apps/api/src/tracing). The app appends `/v1/traces`.
 */
export const OTLP_ENDPOINT = 'http://127.0.0.1:4318';

export function otelCollector(): ContainerSpec {
  return {
    name: 'otel-collector',
    image: OTEL_COLLECTOR_IMAGE,
    essential: false,
    environment: { AOT_CONFIG_CONTENT: OTEL_COLLECTOR_CONFIG },
    user: '10001:10001',
    writablePaths: [],
  };
}

export interface TaskPermissionsOptions {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly modelId: string;
  readonly tracing: boolean;
  /**
   * What re-reading the database credentials takes, from the database that rotates them
   * (`Postgres.readCredentialsStatements`); none in embedded mode, whose credentials never rotate.
   */
  readonly databaseCredentials: DataAwsIamPolicyDocumentStatement[];
}

/** What the app's processes themselves may do, one group of statements per need. */
export function taskPermissions(options: TaskPermissionsOptions) {
  const { partition, region, accountId } = options;
  return {
    bedrock: invokeModelStatement(partition, region, accountId, options.modelId),
    // RDS rotates its managed master secret every 7 days, while ECS injected the password once
    // at task start: the app re-reads the secret when a login fails (DATABASE_SECRET_ARN).
    databaseCredentials: options.databaseCredentials,
    taskProtection: taskProtectionStatement(partition, region, accountId, options.clusterName),
    tracing: options.tracing ? [sendTracesStatement()] : [],
  };
}
