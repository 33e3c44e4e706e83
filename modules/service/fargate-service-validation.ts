import { Token } from 'cdktf';
import type { FargateServiceProps } from './fargate-service';
import type { MetricScalingOptions, ScalingCooldowns } from './service-scaling';
import type { TaskDefinition } from './task-definition';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const POLICY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const RESOURCE_LABEL = /^app\/[^/]+\/[^/]+\/targetgroup\/[^/]+\/[^/]+$/;

/** Throws on the first prop of a FargateService that ECS or Application Auto Scaling would refuse. */
export function validateFargateService(props: FargateServiceProps): void {
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

/** Before `scaleOnCpu` / `scaleOnMemory`: a utilization target in percent. */
export function checkTargetPercent(what: string, value: number): void {
  if (!(value > 0 && value <= 100)) {
    throw new Error(`${what} targetPercent must be above 0 and at most 100, got ${value}`);
  }
}

/** Before `scaleOnRequestCount`: a load balancer to count requests on, and its label. */
export function checkRequestCountScaling(
  serviceName: string,
  hasLoadBalancer: boolean,
  resourceLabel: string,
  requestsPerTarget: number,
): void {
  if (!hasLoadBalancer) {
    throw new Error(
      `FargateService ${serviceName}: scaleOnRequestCount needs the service's loadBalancer`,
    );
  }
  if (!Token.isUnresolved(resourceLabel) && !RESOURCE_LABEL.test(resourceLabel)) {
    throw new Error(
      `FargateService ${serviceName}: scaleOnRequestCount resourceLabel "${resourceLabel}" must look like app/<alb-name>/<alb-id>/targetgroup/<tg-name>/<tg-id>`,
    );
  }
  checkPositive(
    `FargateService ${serviceName}: scaleOnRequestCount requestsPerTarget`,
    requestsPerTarget,
  );
}

/** Before `scaleOnMetric`: a policy id, a positive target and queries returning one series. */
export function checkMetricScaling(
  serviceName: string,
  id: string,
  options: MetricScalingOptions,
): void {
  if (!POLICY_ID.test(id)) {
    throw new Error(
      `FargateService ${serviceName}: scaleOnMetric id "${id}" must be lowercase letters, digits and hyphens`,
    );
  }
  checkPositive(`FargateService ${serviceName}: scaleOnMetric targetValue`, options.targetValue);
  const { metrics } = options;
  if (metrics.length === 0) {
    throw new Error(`FargateService ${serviceName}: scaleOnMetric metrics is empty`);
  }
  for (const query of metrics) {
    if ((query.expression === undefined) === (query.metricStat === undefined)) {
      throw new Error(
        `FargateService ${serviceName}: scaleOnMetric metrics "${query.id}" needs exactly one of expression and metricStat`,
      );
    }
  }
  const returning = metrics.filter((query) => query.returnData !== false);
  if (returning.length !== 1) {
    throw new Error(
      `FargateService ${serviceName}: scaleOnMetric metrics must return exactly one series; set returnData: false on all but the result (now: ${returning.map((q) => q.id).join(', ') || 'none'})`,
    );
  }
}

/** Cooldowns of any target-tracking policy. */
export function checkCooldowns(at: string, cooldowns: ScalingCooldowns): void {
  for (const key of ['scaleInCooldown', 'scaleOutCooldown'] as const) {
    const value = cooldowns[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new Error(`${at}: ${key} must be a whole number of seconds, got ${value}`);
    }
  }
}

function checkPositive(what: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${what} must be a positive number, got ${value}`);
  }
}
