import type { AlarmSpec, AlertTopic } from '@skyport/modules/alerts';
import { postgresMaxConnections } from '@skyport/modules/postgres';
import type { HttpApi } from '@skyport/modules/http-api';
import type { LoadBalancer } from '@skyport/modules/load-balancer';
import { QUEUE_DEPTH_METRIC, QUEUES } from './app-contract';
import type { DataStack } from './data-stack';

export interface ApplicationAlarmsProps {
  /** Prefix of alarm names, e.g. `skyport-dev`. */
  readonly name: string;
  readonly clusterName: string;
  /** ECS services to watch for CPU and memory; embedded mode has no separate worker service. */
  readonly services: { readonly api: string; readonly worker?: string };
  /** The PostgreSQL class, whose memory sets the connection limit the alarm compares against. */
  readonly postgresInstanceClass: string;
  /** What answers on `api.<domain>`: its errors and latency are the API's as users see them. */
  readonly entry: ApiEntry;
  readonly data: DataStack;
  /** Environment name, the `Environment` dimension of the metrics the app reports. */
  readonly environment: string;
}

/** The API's public entry: a load balancer, or an API Gateway HTTP API (profile `apiIngress`). */
export type ApiEntry = { readonly loadBalancer: LoadBalancer } | { readonly httpApi: HttpApi };

type Alarm = (
  id: string,
  description: string,
  spec: Omit<AlarmSpec, 'alarmName' | 'alarmDescription'>,
) => void;

const FIVE_MINUTES = 300;
const GiB = 1024 ** 3;

/** A threshold alarm on one metric: fires when `evaluationPeriods` periods in a row breach. */
function metric(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum',
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold',
  threshold: number,
  evaluationPeriods = 3,
): Omit<AlarmSpec, 'alarmName' | 'alarmDescription'> {
  return {
    namespace,
    metricName,
    dimensions,
    statistic,
    period: FIVE_MINUTES,
    evaluationPeriods,
    comparisonOperator: comparison,
    threshold,
  };
}

/**
 * The alarms of an environment, all to one SNS topic: API errors and latency, unhealthy targets,
 * CPU and memory of every service and, with managed data, database CPU, storage and connections,
 * cache memory, the contact queue's depth, any message in its dead-letter queue, and silence from
 * the worker that reports that depth.
 */
export function applicationAlarms(alerts: AlertTopic, props: ApplicationAlarmsProps): void {
  const { name, entry, data } = props;
  const alarm: Alarm = (id, description, spec) =>
    alerts.alarm(id, { alarmName: `${name}-${id}`, alarmDescription: description, ...spec });

  if ('loadBalancer' in entry) loadBalancerAlarms(alarm, entry.loadBalancer);
  else httpApiAlarms(alarm, entry.httpApi);
  const serviceAlarms = (cpuId: string, memoryId: string, service: string) => {
    const dimensions = { ClusterName: props.clusterName, ServiceName: service };
    alarm(
      cpuId,
      `${service} has used more than 85% CPU for 15 minutes`,
      metric('AWS/ECS', 'CPUUtilization', dimensions, 'Average', 'GreaterThanThreshold', 85),
    );
    alarm(
      memoryId,
      `${service} has used more than 85% memory for 15 minutes`,
      metric('AWS/ECS', 'MemoryUtilization', dimensions, 'Average', 'GreaterThanThreshold', 85),
    );
  };
  serviceAlarms('api-cpu-high', 'api-memory-high', props.services.api);
  if (props.services.worker) {
    serviceAlarms('worker-cpu-high', 'worker-memory-high', props.services.worker);
  }

  if (data.postgres) {
    const db = { DBInstanceIdentifier: data.postgres.identifier };
    alarm(
      'postgres-cpu-high',
      'PostgreSQL has used more than 80% CPU for 15 minutes',
      metric('AWS/RDS', 'CPUUtilization', db, 'Average', 'GreaterThanThreshold', 80),
    );
    alarm(
      'postgres-storage-low',
      'PostgreSQL has less than 2 GiB free storage (autoscaling may be at its ceiling)',
      metric('AWS/RDS', 'FreeStorageSpace', db, 'Minimum', 'LessThanThreshold', 2 * GiB, 1),
    );
    const limit = postgresMaxConnections(props.postgresInstanceClass) ?? 100;
    const threshold = Math.floor(limit * 0.8);
    alarm(
      'postgres-connections-high',
      `PostgreSQL has more than ${threshold} open connections (80% of about ${limit} on ${props.postgresInstanceClass})`,
      metric('AWS/RDS', 'DatabaseConnections', db, 'Maximum', 'GreaterThanThreshold', threshold),
    );
  }
  if (data.cache) {
    // Metrics are per node; the first node is the primary unless a failover happened.
    const node = { CacheClusterId: `${data.cache.replicationGroup.id}-001` };
    alarm(
      'cache-memory-high',
      'Valkey uses more than 80% of its memory',
      metric(
        'AWS/ElastiCache',
        'DatabaseMemoryUsagePercentage',
        node,
        'Maximum',
        'GreaterThanThreshold',
        80,
      ),
    );
  }
  // Queue depth as the worker reports it (QUEUE_DEPTH_METRIC): Amazon MQ publishes no per-queue
  // metrics for RabbitMQ 4, and embedded brokers publish none at all.
  const queue = (queueName: string) => QUEUE_DEPTH_METRIC.dimensions(props.environment, queueName);
  alarm(
    'contact-queue-backlog',
    'More than 1000 contact messages have waited for 15 minutes: workers are not keeping up',
    metric(
      QUEUE_DEPTH_METRIC.namespace,
      QUEUE_DEPTH_METRIC.name,
      queue(QUEUES.contact),
      'Average',
      'GreaterThanThreshold',
      1000,
    ),
  );
  alarm(
    'contact-dead-letters',
    'A contact message failed every retry and sits in the dead-letter queue',
    metric(
      QUEUE_DEPTH_METRIC.namespace,
      QUEUE_DEPTH_METRIC.name,
      queue(QUEUES.contactDeadLetter),
      'Maximum',
      'GreaterThanThreshold',
      0,
      1,
    ),
  );
  // Without reports, autoscaling and the two alarms above go blind: say so.
  alerts.alarm('queue-depth-unreported', {
    alarmName: `${name}-queue-depth-unreported`,
    alarmDescription: 'No worker has reported the contact queue depth for 15 minutes',
    ...metric(
      QUEUE_DEPTH_METRIC.namespace,
      QUEUE_DEPTH_METRIC.name,
      queue(QUEUES.contact),
      'Average',
      'LessThanThreshold',
      1,
    ),
    statistic: 'SampleCount',
    treatMissingData: 'breaching',
  });
}

/** Errors (the targets' and the load balancer's own), latency, and targets failing /health. */
function loadBalancerAlarms(alarm: Alarm, loadBalancer: LoadBalancer): void {
  const lb = { LoadBalancer: loadBalancer.arnSuffix };
  alarm(
    'api-5xx-rate',
    'More than 5% of API requests failed with a 5XX (targets or the load balancer)',
    {
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 5,
      evaluationPeriods: 2,
      metricQuery: [
        {
          id: 'rate',
          expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(lb5xx, 0)) / requests, 0)',
          label: '5XX responses (%)',
          returnData: true,
        },
        ...(
          [
            ['requests', 'RequestCount'],
            ['target5xx', 'HTTPCode_Target_5XX_Count'],
            ['lb5xx', 'HTTPCode_ELB_5XX_Count'],
          ] as const
        ).map(([id, metricName]) => ({
          id,
          returnData: false,
          metric: {
            namespace: 'AWS/ApplicationELB',
            metricName,
            dimensions: lb,
            period: FIVE_MINUTES,
            stat: 'Sum',
          },
        })),
      ],
    },
  );
  alarm('api-latency-p95', 'The slowest 5% of API responses took longer than 1.5 s', {
    ...metric(
      'AWS/ApplicationELB',
      'TargetResponseTime',
      lb,
      'Average',
      'GreaterThanThreshold',
      1.5,
    ),
    statistic: undefined,
    extendedStatistic: 'p95',
  });
  alarm('api-unhealthy-targets', 'A registered API task fails its /health check', {
    ...metric(
      'AWS/ApplicationELB',
      'UnHealthyHostCount',
      { ...lb, TargetGroup: loadBalancer.targetGroupArnSuffix },
      'Maximum',
      'GreaterThanThreshold',
      0,
      2,
    ),
    period: 60,
  });
}

/**
 * Errors and latency as the HTTP API counts them: its 5XX include the 503 it answers when no
 * task is registered and the 504 of a task slower than the integration timeout. There is no
 * target health to watch; ECS replaces a task whose container health check fails.
 */
function httpApiAlarms(alarm: Alarm, httpApi: HttpApi): void {
  const api = { ApiId: httpApi.apiId, Stage: httpApi.stageName };
  alarm('api-5xx-rate', 'More than 5% of API requests failed with a 5XX (tasks or API Gateway)', {
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 5,
    evaluationPeriods: 2,
    metricQuery: [
      {
        id: 'rate',
        expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
        label: '5XX responses (%)',
        returnData: true,
      },
      ...(
        [
          ['requests', 'Count'],
          ['errors', '5xx'],
        ] as const
      ).map(([id, metricName]) => ({
        id,
        returnData: false,
        metric: {
          namespace: 'AWS/ApiGateway',
          metricName,
          dimensions: api,
          period: FIVE_MINUTES,
          stat: 'Sum',
        },
      })),
    ],
  });
  alarm('api-latency-p95', 'The slowest 5% of API responses took longer than 1.5 s', {
    ...metric('AWS/ApiGateway', 'Latency', api, 'Average', 'GreaterThanThreshold', 1500),
    statistic: undefined,
    extendedStatistic: 'p95',
  });
}
