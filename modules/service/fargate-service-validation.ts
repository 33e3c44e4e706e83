import { Token } from 'cdktf';
import { show, type Problems } from '../validation/problems';
import type { FargateServiceProps } from './fargate-service';
import type { MetricScalingOptions, ScalingCooldowns } from './service-scaling';
import type { TaskDefinition } from './task-definition';

const POLICY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const RESOURCE_LABEL = /^app\/[^/]+\/[^/]+\/targetgroup\/[^/]+\/[^/]+$/;

/** Reports every prop of a FargateService that ECS or Application Auto Scaling would refuse. */
export function validateFargateService(p: Problems, props: FargateServiceProps): void {
  const { capacity, minTasks, maxTasks, taskDefinition } = props;
  p.ecsName('name', props.name);
  if (props.subnetIds.length === 0) p.add('subnetIds', 'is empty; list at least one subnet');
  if (props.securityGroupIds.length === 0) {
    p.add('securityGroupIds', 'is empty; list at least one security group');
  }
  if (!Number.isInteger(minTasks) || minTasks < 0) {
    p.add('minTasks', `${show(minTasks)} is out of range; use a whole number from 0`);
  }
  if (!Number.isInteger(maxTasks) || maxTasks < 1 || maxTasks < minTasks) {
    p.add(
      'maxTasks',
      `${show(maxTasks)} is out of range; use a whole number, at least 1 and at least minTasks (${minTasks})`,
    );
  }
  const { onDemandBase, onDemandWeight, spotWeight } = capacity;
  p.integer('capacity.onDemandBase', onDemandBase, 0, 100000);
  p.integer('capacity.onDemandWeight', onDemandWeight, 0, 1000);
  p.integer('capacity.spotWeight', spotWeight, 0, 1000);
  if (onDemandWeight + spotWeight === 0) {
    p.add(
      'capacity',
      'needs a positive onDemandWeight or spotWeight, or no task beyond the base could be placed',
    );
  }
  if (onDemandBase > minTasks) {
    p.add(
      'capacity.onDemandBase',
      `${show(onDemandBase)} exceeds minTasks (${minTasks}); the base is the on-demand floor and must fit in the smallest service`,
    );
  }
  const minHealthy = props.deploymentMinimumHealthyPercent ?? 100;
  const maxPercent = props.deploymentMaximumPercent ?? 200;
  p.integer('deploymentMinimumHealthyPercent', minHealthy, 0, 100);
  if (!Number.isInteger(maxPercent) || maxPercent < 100 || maxPercent <= minHealthy) {
    p.add(
      'deploymentMaximumPercent',
      `${show(maxPercent)} is out of range; use a whole number, at least 100 and above deploymentMinimumHealthyPercent (${minHealthy})`,
    );
  }
  const lb = props.loadBalancer;
  if (lb) {
    checkTarget(p, 'loadBalancer', taskDefinition, lb);
    p.integer(
      'loadBalancer.healthCheckGracePeriodSeconds',
      lb.healthCheckGracePeriodSeconds ?? 60,
      0,
      2147483647,
      ' seconds',
    );
  }
  if (props.serviceRegistry) {
    checkTarget(p, 'serviceRegistry', taskDefinition, props.serviceRegistry);
  }
  if (props.enableExecuteCommand === true && !taskDefinition.executeCommandEnabled) {
    p.add(
      'enableExecuteCommand',
      `needs the task definition ${taskDefinition.family} to enable it too (task role permissions, agent volumes); set its enableExecuteCommand`,
    );
  }
}

/** The container and port traffic goes to must exist in the task definition. */
function checkTarget(
  p: Problems,
  prop: 'loadBalancer' | 'serviceRegistry',
  taskDefinition: TaskDefinition,
  target: { containerName: string; containerPort: number },
): void {
  const containers = taskDefinition.containerDefinitions;
  const container = containers.find((c) => c.name === target.containerName);
  if (!container) {
    p.add(
      `${prop}.containerName`,
      `"${target.containerName}" is not a container of ${taskDefinition.family}; use one of ${containers.map((c) => `"${c.name}"`).join(', ')}`,
    );
    return;
  }
  const ports = (container.portMappings ?? []).map((m) => m.containerPort);
  if (!ports.includes(target.containerPort)) {
    p.add(
      `${prop}.containerPort`,
      `${target.containerPort} is not mapped by container "${target.containerName}" (ports: ${ports.join(', ') || 'none'})`,
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
