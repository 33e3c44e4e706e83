export { TaskDefinition, type TaskDefinitionProps } from './task-definition';
export {
  DEPENDENCY_CONDITIONS,
  type ContainerDefinition,
  type ContainerDependency,
  type ContainerHealthCheck,
  type ContainerSpec,
  type DependencyCondition,
} from './container-definitions';
export { EXEC_AGENT_PATHS } from './task-volumes';
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
