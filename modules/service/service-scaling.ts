import {
  AppautoscalingPolicy,
  type AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
  type AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics,
} from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { Construct } from 'constructs';
import { checkCooldowns } from './fargate-service-validation';

/** Cooldowns of a target-tracking policy, in seconds. */
export interface ScalingCooldowns {
  /**
   * Seconds after a scale-in before another scale-in.
   * @default the Application Auto Scaling default
   */
  readonly scaleInCooldown?: number;
  /**
   * Seconds after a scale-out before another scale-out.
   * @default the Application Auto Scaling default
   */
  readonly scaleOutCooldown?: number;
}

/** One query of a customized metric (a metric stat or a metric-math expression). */
export type ScalingMetricQuery =
  AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics;

/** A target-tracking policy on a metric the caller builds, e.g. queue backlog per task. */
export interface MetricScalingOptions extends ScalingCooldowns {
  /** Value of the returned time series to hold, e.g. acceptable messages per task. */
  readonly targetValue: number;
  /**
   * The queries (`customized_metric_specification.metrics`): each a `metricStat` or an
   * `expression`, with exactly one returning data (the others `returnData: false`).
   */
  readonly metrics: ScalingMetricQuery[];
}

/** What a target-tracking policy holds near its target: a metric and the target value. */
export type TrackingConfiguration = AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration;

/** The service's scalable target (id `scaling-target`): autoscaling owns its desired count. */
export function createScalingTarget(
  scope: Construct,
  clusterName: string,
  service: EcsService,
  minTasks: number,
  maxTasks: number,
): AppautoscalingTarget {
  return new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    // Referencing the service's name orders the target after the service.
    resourceId: `service/${clusterName}/${service.name}`,
    minCapacity: minTasks,
    maxCapacity: maxTasks,
  });
}

/** Average CPU utilization of the service's tasks, held near `targetPercent`. */
export const averageCpu = (targetPercent: number): TrackingConfiguration => ({
  targetValue: targetPercent,
  predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
});

/** Average memory utilization of the service's tasks, held near `targetPercent`. */
export const averageMemory = (targetPercent: number): TrackingConfiguration => ({
  targetValue: targetPercent,
  predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
});

/** ALB requests per task of the target group named by `resourceLabel`. */
export const albRequestsPerTarget = (
  resourceLabel: string,
  requestsPerTarget: number,
): TrackingConfiguration => ({
  targetValue: requestsPerTarget,
  predefinedMetricSpecification: {
    predefinedMetricType: 'ALBRequestCountPerTarget',
    resourceLabel,
  },
});

/** A caller-built metric (metric math over CloudWatch metrics). */
export const customizedMetric = (options: MetricScalingOptions): TrackingConfiguration => ({
  targetValue: options.targetValue,
  customizedMetricSpecification: { metrics: options.metrics },
});

/** A target-tracking policy on `target` (id `scale-on-<id>`, named `<serviceName>-<id>`). */
export function targetTrackingPolicy(
  scope: Construct,
  serviceName: string,
  target: AppautoscalingTarget,
  id: string,
  cooldowns: ScalingCooldowns,
  configuration: TrackingConfiguration,
): AppautoscalingPolicy {
  checkCooldowns(`FargateService ${serviceName}`, cooldowns);
  return new AppautoscalingPolicy(scope, `scale-on-${id}`, {
    name: `${serviceName}-${id}`,
    policyType: 'TargetTrackingScaling',
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    targetTrackingScalingPolicyConfiguration: {
      ...configuration,
      scaleInCooldown: cooldowns.scaleInCooldown,
      scaleOutCooldown: cooldowns.scaleOutCooldown,
    },
  });
}
