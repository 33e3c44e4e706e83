import type { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import type { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { justifyCheck } from '../audit';
import { validateAtSynth } from '../validation/problems';
import { capacityProviderStrategy, type CapacityStrategy } from './capacity-strategy';
import {
  checkMetricScaling,
  checkRequestCountScaling,
  checkTargetPercent,
  validateFargateService,
} from './fargate-service-validation';
import {
  albRequestsPerTarget,
  averageCpu,
  averageMemory,
  createScalingTarget,
  customizedMetric,
  targetTrackingPolicy,
  type MetricScalingOptions,
  type ScalingCooldowns,
  type TrackingConfiguration,
} from './service-scaling';
import type { TaskDefinition } from './task-definition';

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
    validateAtSynth(this, (p) => validateFargateService(p, props));
    this.name = name;
    const lb = props.loadBalancer;
    this.hasLoadBalancer = lb !== undefined;

    this.service = new EcsService(this, 'service', {
      dependsOn: props.dependsOn,
      name,
      cluster: props.clusterArn,
      taskDefinition: taskDefinition.taskDefinition.arn,
      // Capacity providers instead of launch_type (they are mutually exclusive).
      capacityProviderStrategy: capacityProviderStrategy(capacity),
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

    this.scalingTarget = createScalingTarget(
      this,
      props.clusterName,
      this.service,
      minTasks,
      maxTasks,
    );
  }

  /** Keeps the service's average CPU utilization near `targetPercent` (1-100). */
  scaleOnCpu(targetPercent: number, cooldowns: ScalingCooldowns = {}): AppautoscalingPolicy {
    checkTargetPercent(`FargateService ${this.name}: scaleOnCpu`, targetPercent);
    return this.targetTracking('cpu', cooldowns, averageCpu(targetPercent));
  }

  /** Keeps the service's average memory utilization near `targetPercent` (1-100). */
  scaleOnMemory(targetPercent: number, cooldowns: ScalingCooldowns = {}): AppautoscalingPolicy {
    checkTargetPercent(`FargateService ${this.name}: scaleOnMemory`, targetPercent);
    return this.targetTracking('memory', cooldowns, averageMemory(targetPercent));
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
    checkRequestCountScaling(this.name, this.hasLoadBalancer, resourceLabel, requestsPerTarget);
    return this.targetTracking(
      'requests',
      cooldowns,
      albRequestsPerTarget(resourceLabel, requestsPerTarget),
    );
  }

  /**
   * Keeps a caller-built metric (metric math over CloudWatch metrics, e.g. queue messages
   * divided by running tasks) near `targetValue`. `id` names the policy (`<name>-<id>`).
   */
  scaleOnMetric(id: string, options: MetricScalingOptions): AppautoscalingPolicy {
    checkMetricScaling(this.name, id, options);
    return this.targetTracking(id, options, customizedMetric(options));
  }

  private targetTracking(
    id: string,
    cooldowns: ScalingCooldowns,
    configuration: TrackingConfiguration,
  ): AppautoscalingPolicy {
    return targetTrackingPolicy(this, this.name, this.scalingTarget, id, cooldowns, configuration);
  }
}
