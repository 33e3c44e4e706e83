import type { Construct } from 'constructs';
import { onlyResource, resourcesOf, synthConstructs, type TerraformJson } from '../testing';
import { FargateService, type FargateServiceProps } from './fargate-service';
import { TaskDefinition, type TaskDefinitionProps } from './task-definition';

/** A dev API service: one Spot task of 256 CPU in two subnets, behind a target group, scaling to 4. */
export const ACCOUNT = '111122223333';
export const CLUSTER = `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/skyport-dev`;
export const TARGET_GROUP = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/skyport-dev-api/943f017f100becff`;
export const REGISTRY = `arn:aws:servicediscovery:eu-west-1:${ACCOUNT}:service/srv-0123456789abcdef`;
export const RESOURCE_LABEL =
  'app/skyport-dev/778d41231b141a0f/targetgroup/skyport-dev-api/943f017f100becff';

export const taskProps: TaskDefinitionProps = {
  family: 'skyport-dev-api',
  cpu: 256,
  memoryMiB: 512,
  containers: [
    {
      name: 'api',
      image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/skyport/api:0a1b2c3`,
      port: 3000,
    },
  ],
  logGroupName: '/skyport/dev/api',
  logRetentionDays: 30,
  imageRepositoryArns: [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/skyport/api`],
};

export type ServiceOverrides = Partial<Omit<FargateServiceProps, 'taskDefinition'>>;

export function build(
  scope: Construct,
  props: ServiceOverrides = {},
  task: Partial<TaskDefinitionProps> = {},
): FargateService {
  const taskDefinition = new TaskDefinition(scope, 'api-task', { ...taskProps, ...task });
  return new FargateService(scope, 'api', {
    name: 'skyport-dev-api',
    clusterArn: CLUSTER,
    clusterName: 'skyport-dev',
    taskDefinition,
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: ['sg-api'],
    capacity: { onDemandBase: 0, onDemandWeight: 0, spotWeight: 1 },
    minTasks: 1,
    maxTasks: 4,
    loadBalancer: { targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 3000 },
    ...props,
  });
}

export const synth = (
  props: ServiceOverrides = {},
  task: Partial<TaskDefinitionProps> = {},
  then: (service: FargateService) => void = () => undefined,
) => synthConstructs((scope) => then(build(scope, props, task)));

export const serviceOf = (json: TerraformJson) => onlyResource(json, 'aws_ecs_service');
export const policies = (json: TerraformJson) =>
  Object.values(resourcesOf(json, 'aws_appautoscaling_policy'));
