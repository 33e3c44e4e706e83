export {
  TaskDefinition,
  DEPENDENCY_CONDITIONS,
  EXEC_AGENT_PATHS,
  type ContainerDefinition,
  type ContainerDependency,
  type ContainerHealthCheck,
  type ContainerSpec,
  type DependencyCondition,
  type TaskDefinitionProps,
} from './task-definition';
export {
  FargateService,
  type CapacityStrategy,
  type FargateServiceProps,
  type MetricScalingOptions,
  type ScalingCooldowns,
  type ScalingMetricQuery,
  type ServiceLoadBalancer,
  type ServiceRegistry,
} from './fargate-service';
export { FARGATE_CPU_UNITS, fargateMemoryChoices, isFargateSize } from './fargate-size';
export { secretArnOf } from './secret-arn';
export { LOG_RETENTION_DAYS } from '../validation/log-retention';
