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
  type FargateServiceProps,
  type ServiceLoadBalancer,
  type ServiceRegistry,
} from './fargate-service';
export { type CapacityStrategy } from './capacity-strategy';
export {
  type MetricScalingOptions,
  type ScalingCooldowns,
  type ScalingMetricQuery,
} from './service-scaling';
export { FARGATE_CPU_UNITS, fargateMemoryChoices, isFargateSize } from './fargate-size';
export { secretArnOf, secretFieldValueFrom } from './secret-arn';
export { LOG_RETENTION_DAYS } from '../validation/log-retention';
