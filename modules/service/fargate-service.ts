import {
  AppautoscalingPolicy,
  type AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
  type AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics,
} from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import type { TaskDefinition } from './task-definition';

/**
 * How tasks spread over Fargate (on-demand) and Fargate Spot. The first `onDemandBase` tasks run
 * on Fargate; the rest split by weight. Dev: `{ onDemandBase: 0, onDemandWeight: 0,
 * spotWeight: 1 }` (all Spot); prod e.g. `{ onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 }`.
 */
export interface CapacityStrategy {
  /** Tasks that always run on on-demand Fargate, 0 to `minTasks`. */
  readonly onDemandBase: number;
  /** Relative share of on-demand Fargate beyond the base, 0 to 1000. */
  readonly onDemandWeight: number;
  /** Relative share of Fargate Spot, 0 to 1000. */
  readonly spotWeight: number;
}

/** The target group the service registers its tasks in. */
export interface ServiceLoadBalancer {
  /** Target group ARN (target type `ip`). */
  readonly targetGroupArn: string;
  /** Container that receives the traffic; must be a container of the task definition. */
  readonly containerName: string;
  /** Its port; must be the port that container maps. */
  readonly containerPort: number;
  /**
   * Seconds ECS ignores failing load-balancer health checks after a task starts.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
}

/**
 * The Cloud Map service the service registers its tasks in, with the container and port each
 * registration names (`AWS_INSTANCE_PORT`), for clients that discover tasks there, such as an
 * API Gateway VPC link.
 */
export interface ServiceRegistry {
  /** ARN of the Cloud Map service (it must use a custom health check: ECS reports health). */
  readonly registryArn: string;
  /** Container that receives the traffic; must be a container of the task definition. */
  readonly containerName: string;
  /** Its port; must be the port that container maps. */
  readonly containerPort: number;
}

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

export interface FargateServiceProps {
  /** Service name: letters, digits, hyphens and underscores. */
  readonly name: string;
  /** ARN of the ECS cluster; it must have the FARGATE and FARGATE_SPOT capacity providers. */
  readonly clusterArn: string;
  /** Name of the same cluster (Application Auto Scaling addresses the service by it). */
  readonly clusterName: string;
  /** The task the service runs. */
  readonly taskDefinition: TaskDefinition;
  /** Subnets the tasks run in (private tier; public only with NAT mode `none`). */
  readonly subnetIds: string[];
  /** Security groups of the tasks (at least one). */
  readonly securityGroupIds: string[];
  /**
   * Give each task a public IP: only for tasks in public subnets when the network has no NAT
   * (NAT mode `none`); their security groups must then admit only the load balancer.
   * @default false
   */
  readonly assignPublicIp?: boolean;
  /** How tasks split between on-demand Fargate and Fargate Spot. */
  readonly capacity: CapacityStrategy;
  /** Fewest tasks autoscaling keeps (also the desired count at creation). */
  readonly minTasks: number;
  /** Most tasks autoscaling may run. */
  readonly maxTasks: number;
  /**
   * Register the tasks in an ALB target group.
   * @default no load balancer
   */
  readonly loadBalancer?: ServiceLoadBalancer;
  /**
   * Register the tasks in a Cloud Map service. Without a load balancer, ECS's container health
   * check is what keeps an unhealthy task out: Cloud Map returns only tasks ECS reports healthy,
   * and the circuit breaker rolls back a deployment whose tasks keep failing it.
   * @default no registration
   */
  readonly serviceRegistry?: ServiceRegistry;
  /**
   * Lower limit, in percent of the desired count, of tasks kept running during a deployment.
   * @default 100
   */
  readonly deploymentMinimumHealthyPercent?: number;
  /**
   * Upper limit, in percent of the desired count, of tasks running during a deployment
   * (at least 100, and above deploymentMinimumHealthyPercent so a deployment can progress).
   * @default 200
   */
  readonly deploymentMaximumPercent?: number;
  /**
   * Whether an apply waits until the deployment has finished: with it, a deployment the circuit
   * breaker rolls back (new tasks keep failing their health checks) fails the apply instead of
   * reporting success. Turn it off only for a service whose image may not exist yet.
   * @default true
   */
  readonly waitForSteadyState?: boolean;
  /**
   * Allow ECS Exec into the tasks; the task definition must be prepared for it.
   * @default the task definition's enableExecuteCommand (false unless set there)
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * What must exist before the service is created or updated: the cluster's capacity providers,
   * the tasks' egress rules, the listener it registers with, a migration run.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const POLICY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const RESOURCE_LABEL = /^app\/[^/]+\/[^/]+\/targetgroup\/[^/]+\/[^/]+$/;

/**
 * An ECS service on Fargate and Fargate Spot (capacity providers, no launch type, platform
 * LATEST) with a rolling deployment guarded by the circuit breaker (failed deployments roll
 * back), awsvpc networking, optional ALB registration, and an Application Auto Scaling target
 * that owns the desired count; add target-tracking policies with the `scaleOn*` methods.
 */
export class FargateService extends Construct {
  readonly service: EcsService;
  readonly scalingTarget: AppautoscalingTarget;
  /** The service name. */
  readonly name: string;
  private readonly hasLoadBalancer: boolean;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { name, taskDefinition, capacity, minTasks, maxTasks } = props;
    validate(props);
    this.name = name;
    const lb = props.loadBalancer;
    this.hasLoadBalancer = lb !== undefined;

    const strategy = [];
    if (capacity.onDemandBase > 0 || capacity.onDemandWeight > 0) {
      strategy.push({
        capacityProvider: 'FARGATE',
        base: capacity.onDemandBase,
        weight: capacity.onDemandWeight,
      });
    }
    if (capacity.spotWeight > 0) {
      strategy.push({ capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight });
    }

    this.service = new EcsService(this, 'service', {
      dependsOn: props.dependsOn,
      name,
      cluster: props.clusterArn,
      taskDefinition: taskDefinition.taskDefinition.arn,
      // Capacity providers instead of launch_type (they are mutually exclusive).
      capacityProviderStrategy: strategy,
      platformVersion: 'LATEST',
      // The provider replaces the service (or refuses the change) when the capacity strategy
      // changes unless this is set; with it the change rolls out as a new deployment.
      forceNewDeployment: true,
      desiredCount: minTasks,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: props.deploymentMinimumHealthyPercent ?? 100,
      deploymentMaximumPercent: props.deploymentMaximumPercent ?? 200,
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: props.securityGroupIds,
        assignPublicIp: props.assignPublicIp ?? false,
      },
      loadBalancer: lb
        ? [
            {
              targetGroupArn: lb.targetGroupArn,
              containerName: lb.containerName,
              containerPort: lb.containerPort,
            },
          ]
        : undefined,
      serviceRegistries: props.serviceRegistry
        ? {
            registryArn: props.serviceRegistry.registryArn,
            containerName: props.serviceRegistry.containerName,
            containerPort: props.serviceRegistry.containerPort,
          }
        : undefined,
      healthCheckGracePeriodSeconds: lb ? (lb.healthCheckGracePeriodSeconds ?? 60) : undefined,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      waitForSteadyState: props.waitForSteadyState ?? true,
      enableExecuteCommand: props.enableExecuteCommand ?? taskDefinition.executeCommandEnabled,
      // Autoscaling owns the desired count once the service exists.
      lifecycle: { ignoreChanges: ['desired_count'] },
    });
    if (props.assignPublicIp) {
      justifyCheck(this.service, {
        check: 'CKV_AWS_333',
        because: 'cost',
        reason:
          'Tasks get a public IP because the network has no NAT gateway (about $35 a month each), so they reach ECR, Secrets Manager and CloudWatch through it; inbound traffic is still limited by their security groups',
      });
    }

    this.scalingTarget = new AppautoscalingTarget(this, 'scaling-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      // Referencing the service's name orders the target after the service.
      resourceId: `service/${props.clusterName}/${this.service.name}`,
      minCapacity: minTasks,
      maxCapacity: maxTasks,
    });
  }

  /** Keeps the service's average CPU utilization near `targetPercent` (1-100). */
  scaleOnCpu(targetPercent: number, cooldowns: ScalingCooldowns = {}): AppautoscalingPolicy {
    checkPercent(`FargateService ${this.name}: scaleOnCpu`, targetPercent);
    return this.targetTracking('cpu', cooldowns, {
      targetValue: targetPercent,
      predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    });
  }

  /** Keeps the service's average memory utilization near `targetPercent` (1-100). */
  scaleOnMemory(targetPercent: number, cooldowns: ScalingCooldowns = {}): AppautoscalingPolicy {
    checkPercent(`FargateService ${this.name}: scaleOnMemory`, targetPercent);
    return this.targetTracking('memory', cooldowns, {
      targetValue: targetPercent,
      predefinedMetricSpecification: {
        predefinedMetricType: 'ECSServiceAverageMemoryUtilization',
      },
    });
  }

  /**
   * Keeps ALB requests per task near `requestsPerTarget` (ALBRequestCountPerTarget).
   * `resourceLabel` is `app/<alb-name>/<alb-id>/targetgroup/<tg-name>/<tg-id>`, i.e.
   * `${alb.arnSuffix}/${targetGroup.arnSuffix}`; the service must have a `loadBalancer`.
   */
  scaleOnRequestCount(
    resourceLabel: string,
    requestsPerTarget: number,
    cooldowns: ScalingCooldowns = {},
  ): AppautoscalingPolicy {
    if (!this.hasLoadBalancer) {
      throw new Error(
        `FargateService ${this.name}: scaleOnRequestCount needs the service's loadBalancer`,
      );
    }
    if (!Token.isUnresolved(resourceLabel) && !RESOURCE_LABEL.test(resourceLabel)) {
      throw new Error(
        `FargateService ${this.name}: scaleOnRequestCount resourceLabel "${resourceLabel}" must look like app/<alb-name>/<alb-id>/targetgroup/<tg-name>/<tg-id>`,
      );
    }
    checkPositive(
      `FargateService ${this.name}: scaleOnRequestCount requestsPerTarget`,
      requestsPerTarget,
    );
    return this.targetTracking('requests', cooldowns, {
      targetValue: requestsPerTarget,
      predefinedMetricSpecification: {
        predefinedMetricType: 'ALBRequestCountPerTarget',
        resourceLabel,
      },
    });
  }

  /**
   * Keeps a caller-built metric (metric math over CloudWatch metrics, e.g. queue messages
   * divided by running tasks) near `targetValue`. `id` names the policy (`<name>-<id>`).
   */
  scaleOnMetric(id: string, options: MetricScalingOptions): AppautoscalingPolicy {
    if (!POLICY_ID.test(id)) {
      throw new Error(
        `FargateService ${this.name}: scaleOnMetric id "${id}" must be lowercase letters, digits and hyphens`,
      );
    }
    checkPositive(`FargateService ${this.name}: scaleOnMetric targetValue`, options.targetValue);
    const { metrics } = options;
    if (metrics.length === 0) {
      throw new Error(`FargateService ${this.name}: scaleOnMetric metrics is empty`);
    }
    for (const query of metrics) {
      if ((query.expression === undefined) === (query.metricStat === undefined)) {
        throw new Error(
          `FargateService ${this.name}: scaleOnMetric metrics "${query.id}" needs exactly one of expression and metricStat`,
        );
      }
    }
    const returning = metrics.filter((query) => query.returnData !== false);
    if (returning.length !== 1) {
      throw new Error(
        `FargateService ${this.name}: scaleOnMetric metrics must return exactly one series; set returnData: false on all but the result (now: ${returning.map((q) => q.id).join(', ') || 'none'})`,
      );
    }
    return this.targetTracking(id, options, {
      targetValue: options.targetValue,
      customizedMetricSpecification: { metrics },
    });
  }

  private targetTracking(
    id: string,
    cooldowns: ScalingCooldowns,
    configuration: AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
  ): AppautoscalingPolicy {
    for (const key of ['scaleInCooldown', 'scaleOutCooldown'] as const) {
      const value = cooldowns[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new Error(
          `FargateService ${this.name}: ${key} must be a whole number of seconds, got ${value}`,
        );
      }
    }
    return new AppautoscalingPolicy(this, `scale-on-${id}`, {
      name: `${this.name}-${id}`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: this.scalingTarget.serviceNamespace,
      resourceId: this.scalingTarget.resourceId,
      scalableDimension: this.scalingTarget.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        ...configuration,
        scaleInCooldown: cooldowns.scaleInCooldown,
        scaleOutCooldown: cooldowns.scaleOutCooldown,
      },
    });
  }
}

function validate(props: FargateServiceProps): void {
  const { name, capacity, minTasks, maxTasks, taskDefinition } = props;
  if (!NAME.test(name)) {
    throw new Error(
      `FargateService: name "${name}" must be 1-255 letters, digits, hyphens or underscores`,
    );
  }
  const at = `FargateService ${name}`;
  if (props.subnetIds.length === 0) throw new Error(`${at}: subnetIds is empty`);
  if (props.securityGroupIds.length === 0) throw new Error(`${at}: securityGroupIds is empty`);
  if (!Number.isInteger(minTasks) || minTasks < 0) {
    throw new Error(`${at}: minTasks must be a whole number from 0, got ${minTasks}`);
  }
  if (!Number.isInteger(maxTasks) || maxTasks < 1 || maxTasks < minTasks) {
    throw new Error(
      `${at}: maxTasks must be a whole number, at least 1 and at least minTasks (${minTasks}), got ${maxTasks}`,
    );
  }
  const { onDemandBase, onDemandWeight, spotWeight } = capacity;
  for (const [field, value, max] of [
    ['onDemandBase', onDemandBase, 100000],
    ['onDemandWeight', onDemandWeight, 1000],
    ['spotWeight', spotWeight, 1000],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(`${at}: capacity.${field} must be a whole number from 0 to ${max}`);
    }
  }
  if (onDemandWeight + spotWeight === 0) {
    throw new Error(
      `${at}: capacity needs a positive onDemandWeight or spotWeight, or no task beyond the base could be placed`,
    );
  }
  if (onDemandBase > minTasks) {
    throw new Error(
      `${at}: capacity.onDemandBase (${onDemandBase}) exceeds minTasks (${minTasks}); the base is the on-demand floor and must fit in the smallest service`,
    );
  }
  const minHealthy = props.deploymentMinimumHealthyPercent ?? 100;
  const maxPercent = props.deploymentMaximumPercent ?? 200;
  if (!Number.isInteger(minHealthy) || minHealthy < 0 || minHealthy > 100) {
    throw new Error(
      `${at}: deploymentMinimumHealthyPercent must be a whole number from 0 to 100, got ${minHealthy}`,
    );
  }
  if (!Number.isInteger(maxPercent) || maxPercent < 100 || maxPercent <= minHealthy) {
    throw new Error(
      `${at}: deploymentMaximumPercent must be a whole number, at least 100 and above deploymentMinimumHealthyPercent (${minHealthy}), got ${maxPercent}`,
    );
  }
  const lb = props.loadBalancer;
  if (lb) {
    checkTarget(at, 'loadBalancer', taskDefinition, lb);
    const grace = lb.healthCheckGracePeriodSeconds ?? 60;
    if (!Number.isInteger(grace) || grace < 0 || grace > 2147483647) {
      throw new Error(
        `${at}: loadBalancer.healthCheckGracePeriodSeconds must be a whole number of seconds, got ${grace}`,
      );
    }
  }
  if (props.serviceRegistry) {
    checkTarget(at, 'serviceRegistry', taskDefinition, props.serviceRegistry);
  }
  if (props.enableExecuteCommand === true && !taskDefinition.executeCommandEnabled) {
    throw new Error(
      `${at}: enableExecuteCommand needs the task definition ${taskDefinition.family} to enable it too (task role permissions, agent volumes)`,
    );
  }
}

/** The container and port traffic goes to must exist in the task definition. */
function checkTarget(
  at: string,
  prop: 'loadBalancer' | 'serviceRegistry',
  taskDefinition: TaskDefinition,
  target: { containerName: string; containerPort: number },
): void {
  const container = taskDefinition.containerDefinitions.find(
    (c) => c.name === target.containerName,
  );
  if (!container) {
    throw new Error(
      `${at}: ${prop}.containerName "${target.containerName}" is not a container of ${taskDefinition.family}`,
    );
  }
  const ports = (container.portMappings ?? []).map((p) => p.containerPort);
  if (!ports.includes(target.containerPort)) {
    throw new Error(
      `${at}: ${prop}.containerPort ${target.containerPort} is not mapped by container "${target.containerName}" (ports: ${ports.join(', ') || 'none'})`,
    );
  }
}

function checkPercent(what: string, value: number): void {
  if (!(value > 0 && value <= 100)) {
    throw new Error(`${what} targetPercent must be above 0 and at most 100, got ${value}`);
  }
}

function checkPositive(what: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${what} must be a positive number, got ${value}`);
  }
}
