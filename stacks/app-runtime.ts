import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { ContainerSpec } from '@skyport/modules/service';
import { Fn, Token } from 'cdktf';
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
  const field = (secretArn: string, key: string) => `${secretArn}:${key}::`;
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
    DATABASE_USER: field(postgres.secretArn, 'username'),
    DATABASE_PASSWORD: field(postgres.secretArn, 'password'),
    REDIS_PASSWORD: field(redis.secretArn, 'password'),
    RABBITMQ_USER: field(rabbitmq.secretArn, 'username'),
    RABBITMQ_PASSWORD: field(rabbitmq.secretArn, 'password'),
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
 * Bedrock for exactly one model: the model itself in any region (a cross-region inference
 * profile routes to the model elsewhere) and, when `modelId` is an inference profile id such as
 * `eu.amazon.nova-lite-v1:0`, that profile in this account and region.
 */
export function bedrockInvokeStatement(
  partition: string,
  region: string,
  accountId: string,
  modelId: string,
): DataAwsIamPolicyDocumentStatement {
  // An inference profile id is the model id behind a geography prefix.
  const baseModel = Token.asString(
    // `[.]`, not `\\.`: a backslash inside a Terraform string must itself be a valid escape.
    Fn.replace(modelId, '/^(us|eu|apac|global|jp|au|ca|us-gov)[.]/', ''),
  );
  return {
    sid: 'InvokeTheConfiguredModelOnly',
    effect: 'Allow',
    actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    resources: [
      `arn:${partition}:bedrock:*::foundation-model/${baseModel}`,
      `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${modelId}`,
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
  /** The environment key, which encrypts the secrets. */
  readonly keyArn: string;
  readonly modelId: string;
  readonly tracing: boolean;
  /** The RDS-managed secret the app re-reads after a rotation; none in embedded mode. */
  readonly rotatedDatabaseSecretArn?: string;
}

/** What the app's processes themselves may do, one group of statements per need. */
export function taskPermissions(options: TaskPermissionsOptions) {
  const { partition, region, accountId } = options;
  const tracing: DataAwsIamPolicyDocumentStatement[] = options.tracing
    ? [
        {
          sid: 'SendTracesToXRay',
          effect: 'Allow',
          actions: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          // X-Ray's trace and sampling actions have no resource types to scope them to.
          resources: ['*'],
        },
      ]
    : [];
  // RDS rotates its managed master secret every 7 days, while ECS injected the password once at
  // task start: the app re-reads the secret when a login fails (DATABASE_SECRET_ARN).
  const databaseCredentials: DataAwsIamPolicyDocumentStatement[] =
    options.rotatedDatabaseSecretArn === undefined
      ? []
      : [
          {
            sid: 'ReadTheRotatedDatabaseCredentials',
            effect: 'Allow',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [options.rotatedDatabaseSecretArn],
          },
          {
            sid: 'DecryptThemThroughSecretsManagerOnly',
            effect: 'Allow',
            actions: ['kms:Decrypt'],
            resources: [options.keyArn],
            condition: [
              {
                test: 'StringEquals',
                variable: 'kms:ViaService',
                values: [`secretsmanager.${region}.amazonaws.com`],
              },
            ],
          },
        ];
  const taskProtection: DataAwsIamPolicyDocumentStatement = {
    sid: 'ProtectTasksWhileProcessing',
    effect: 'Allow',
    actions: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
    resources: [`arn:${partition}:ecs:${region}:${accountId}:task/${options.clusterName}/*`],
  };
  return {
    bedrock: bedrockInvokeStatement(partition, region, accountId, options.modelId),
    databaseCredentials,
    taskProtection,
    tracing,
  };
}
