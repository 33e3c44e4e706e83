import { DataResource } from 'cdktf';
import type { Construct } from 'constructs';
import {
  justifiedChecks,
  onlyResource,
  ref,
  resourceAt,
  resourcesOf,
  synthConstructs,
  synthConstructsWithComments,
  type TerraformBlock,
  type TerraformJson,
} from '../testing';
import { FargateService, type FargateServiceProps } from './fargate-service';
import { TaskDefinition, type TaskDefinitionProps } from './task-definition';

const ACCOUNT = '111122223333';
const CLUSTER = `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/skyport-dev`;
const TARGET_GROUP = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/skyport-dev-api/943f017f100becff`;
const REGISTRY = `arn:aws:servicediscovery:eu-west-1:${ACCOUNT}:service/srv-0123456789abcdef`;
const RESOURCE_LABEL =
  'app/skyport-dev/778d41231b141a0f/targetgroup/skyport-dev-api/943f017f100becff';

const taskProps: TaskDefinitionProps = {
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

type ServiceOverrides = Partial<Omit<FargateServiceProps, 'taskDefinition'>>;

function build(
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

const synth = (
  props: ServiceOverrides = {},
  task: Partial<TaskDefinitionProps> = {},
  then: (service: FargateService) => void = () => undefined,
) => synthConstructs((scope) => then(build(scope, props, task)));

const serviceOf = (json: TerraformJson) => onlyResource(json, 'aws_ecs_service');
const policies = (json: TerraformJson) =>
  Object.values(resourcesOf(json, 'aws_appautoscaling_policy'));

describe('FargateService', () => {
  const dev = synth();

  it('runs every task on Fargate Spot with the dev strategy: no FARGATE entry', () => {
    expect(serviceOf(dev).capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE_SPOT', weight: 1 },
    ]);
  });

  it('keeps the base on on-demand Fargate and splits the rest by weight', () => {
    const prod = synth({
      capacity: { onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 },
      minTasks: 2,
    });
    expect(serviceOf(prod).capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 3 },
    ]);
    const onDemandOnly = synth({ capacity: { onDemandBase: 1, onDemandWeight: 1, spotWeight: 0 } });
    expect(serviceOf(onDemandOnly).capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
    ]);
  });

  it('uses capacity providers instead of a launch type, on the LATEST platform, and changes them in place', () => {
    const service = serviceOf(dev);
    expect(service.launch_type).toBeUndefined();
    expect(service.platform_version).toBe('LATEST');
    expect(service.force_new_deployment).toBe(true);
    expect(service.cluster).toBe(CLUSTER);
    expect(service.task_definition).toBe(
      ref(
        'aws_ecs_task_definition',
        resourceAt(dev, 'aws_ecs_task_definition', 'task-definition'),
        'arn',
      ),
    );
  });

  it('rolls failed deployments back (circuit breaker) within the healthy-percent bounds', () => {
    expect(serviceOf(dev)).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
    });
    const tuned = synth({ deploymentMinimumHealthyPercent: 50, deploymentMaximumPercent: 150 });
    expect(serviceOf(tuned)).toMatchObject({
      deployment_minimum_healthy_percent: 50,
      deployment_maximum_percent: 150,
    });
  });

  it('starts at minTasks and leaves the desired count to autoscaling after creation', () => {
    expect(serviceOf(dev).desired_count).toBe(1);
    expect(serviceOf(dev).lifecycle).toEqual({ ignore_changes: ['desired_count'] });
  });

  it('runs tasks in the given subnets and security groups without public IPs unless asked', () => {
    expect(serviceOf(dev).network_configuration).toEqual({
      subnets: ['subnet-a', 'subnet-b'],
      security_groups: ['sg-api'],
      assign_public_ip: false,
    });
    const noNat = synth({ assignPublicIp: true });
    expect(serviceOf(noNat).network_configuration).toMatchObject({ assign_public_ip: true });
  });

  it('registers the container port in the target group with a health-check grace period', () => {
    expect(serviceOf(dev)).toMatchObject({
      load_balancer: [
        { target_group_arn: TARGET_GROUP, container_name: 'api', container_port: 3000 },
      ],
      health_check_grace_period_seconds: 60,
    });
    const worker = serviceOf(synth({ loadBalancer: undefined }));
    expect(worker.load_balancer).toBeUndefined();
    expect(worker.health_check_grace_period_seconds).toBeUndefined();
    expect(worker.service_registries).toBeUndefined();
  });

  it('registers the tasks in a Cloud Map service with the container and port traffic goes to', () => {
    const registered = serviceOf(
      synth({
        loadBalancer: undefined,
        serviceRegistry: { registryArn: REGISTRY, containerName: 'api', containerPort: 3000 },
      }),
    );
    expect(registered.service_registries).toEqual({
      registry_arn: REGISTRY,
      container_name: 'api',
      container_port: 3000,
    });
    // Without a load balancer there are no target health checks to give a grace period.
    expect(registered.health_check_grace_period_seconds).toBeUndefined();
  });

  it('propagates service tags, adds ECS managed tags and waits for steady state, so a rolled-back deployment fails the apply', () => {
    expect(serviceOf(dev)).toMatchObject({
      propagate_tags: 'SERVICE',
      enable_ecs_managed_tags: true,
      wait_for_steady_state: true,
      enable_execute_command: false,
    });
    expect(serviceOf(synth({ waitForSteadyState: false })).wait_for_steady_state).toBe(false);
  });

  it('enables ECS Exec with the task definition, and refuses it when the task is not prepared', () => {
    const exec = synth({}, { enableExecuteCommand: true });
    expect(serviceOf(exec).enable_execute_command).toBe(true);
    expect(() => synth({ enableExecuteCommand: true })).toThrow(
      'FargateService skyport-dev-api: enableExecuteCommand needs the task definition skyport-dev-api to enable it too',
    );
  });

  it('lets Application Auto Scaling own the desired count between minTasks and maxTasks', () => {
    const service = resourceAt(dev, 'aws_ecs_service', 'service');
    expect(onlyResource(dev, 'aws_appautoscaling_target')).toEqual({
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: `service/skyport-dev/${ref('aws_ecs_service', service, 'name')}`,
      min_capacity: 1,
      max_capacity: 4,
    });
    expect(policies(dev)).toEqual([]);
  });

  describe('scaling policies', () => {
    const backlog = {
      targetValue: 10,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
      metrics: [
        {
          id: 'messages',
          returnData: false,
          metricStat: {
            stat: 'Sum',
            metric: {
              namespace: 'AWS/SQS',
              metricName: 'ApproximateNumberOfMessagesVisible',
              dimensions: [{ name: 'QueueName', value: 'skyport-dev-jobs' }],
            },
          },
        },
        {
          id: 'tasks',
          returnData: false,
          metricStat: {
            stat: 'Average',
            metric: {
              namespace: 'ECS/ContainerInsights',
              metricName: 'RunningTaskCount',
              dimensions: [
                { name: 'ClusterName', value: 'skyport-dev' },
                { name: 'ServiceName', value: 'skyport-dev-api' },
              ],
            },
          },
        },
        { id: 'backlog', expression: 'messages / IF(tasks > 0, tasks, 1)', returnData: true },
      ],
    };
    const json = synth({}, {}, (service) => {
      service.scaleOnCpu(60);
      service.scaleOnMemory(75, { scaleInCooldown: 600 });
      service.scaleOnRequestCount(RESOURCE_LABEL, 500);
      service.scaleOnMetric('backlog', backlog);
    });
    const target = resourceAt(json, 'aws_appautoscaling_target', 'scaling-target');
    const policy = (id: string) =>
      resourceAt(json, 'aws_appautoscaling_policy', `scale-on-${id}`).block;

    it('attaches each target-tracking policy to the service’s scaling target', () => {
      expect(policies(json)).toHaveLength(4);
      for (const each of policies(json)) {
        expect(each).toMatchObject({
          policy_type: 'TargetTrackingScaling',
          service_namespace: ref('aws_appautoscaling_target', target, 'service_namespace'),
          resource_id: ref('aws_appautoscaling_target', target, 'resource_id'),
          scalable_dimension: ref('aws_appautoscaling_target', target, 'scalable_dimension'),
        });
      }
    });

    it('tracks average CPU and memory utilization', () => {
      expect(policy('cpu')).toMatchObject({
        name: 'skyport-dev-api-cpu',
        target_tracking_scaling_policy_configuration: {
          target_value: 60,
          predefined_metric_specification: {
            predefined_metric_type: 'ECSServiceAverageCPUUtilization',
          },
        },
      });
      expect(policy('memory')).toMatchObject({
        name: 'skyport-dev-api-memory',
        target_tracking_scaling_policy_configuration: {
          target_value: 75,
          scale_in_cooldown: 600,
          predefined_metric_specification: {
            predefined_metric_type: 'ECSServiceAverageMemoryUtilization',
          },
        },
      });
    });

    it('tracks ALB requests per target of the service’s target group', () => {
      expect(policy('requests')).toMatchObject({
        name: 'skyport-dev-api-requests',
        target_tracking_scaling_policy_configuration: {
          target_value: 500,
          predefined_metric_specification: {
            predefined_metric_type: 'ALBRequestCountPerTarget',
            resource_label: RESOURCE_LABEL,
          },
        },
      });
    });

    it('tracks a caller-built metric-math series such as backlog per task', () => {
      const configuration = policy('backlog')
        .target_tracking_scaling_policy_configuration as TerraformBlock;
      expect(configuration).toMatchObject({
        target_value: 10,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
      });
      const metrics = (configuration.customized_metric_specification as TerraformBlock)
        .metrics as TerraformBlock[];
      expect(metrics.map((m) => [m.id, m.return_data])).toEqual([
        ['messages', false],
        ['tasks', false],
        ['backlog', true],
      ]);
      expect(metrics[0]).toMatchObject({
        metric_stat: {
          stat: 'Sum',
          metric: { namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible' },
        },
      });
      expect(metrics[2]?.expression).toBe('messages / IF(tasks > 0, tasks, 1)');
    });

    it.each<[string, (service: FargateService) => unknown, string | RegExp]>([
      [
        'a CPU target above 100 %',
        (s) => s.scaleOnCpu(120),
        'FargateService skyport-dev-api: scaleOnCpu targetPercent must be above 0 and at most 100, got 120',
      ],
      [
        'a malformed request-count resource label',
        (s) => s.scaleOnRequestCount('targetgroup/x/1', 100),
        /resourceLabel "targetgroup\/x\/1" must look like app\/<alb-name>/,
      ],
      [
        'metrics returning two series',
        (s) =>
          s.scaleOnMetric('backlog', {
            ...backlog,
            metrics: backlog.metrics.map((m) => ({ ...m, returnData: true })),
          }),
        /must return exactly one series; set returnData: false on all but the result \(now: messages, tasks, backlog\)/,
      ],
      [
        'a query with both expression and metric stat',
        (s) =>
          s.scaleOnMetric('backlog', {
            ...backlog,
            metrics: [{ ...backlog.metrics[0], id: 'x', expression: 'm1' }],
          }),
        /metrics "x" needs exactly one of expression and metricStat/,
      ],
      [
        'a negative cooldown',
        (s) => s.scaleOnCpu(50, { scaleOutCooldown: -1 }),
        /scaleOutCooldown must be a whole number of seconds, got -1/,
      ],
    ])('rejects %s', (_, add, message) => {
      expect(() => synth({}, {}, add)).toThrow(message);
    });

    it('refuses request-count scaling for a service without a load balancer', () => {
      expect(() =>
        synth({ loadBalancer: undefined }, {}, (s) => s.scaleOnRequestCount(RESOURCE_LABEL, 100)),
      ).toThrow(
        "FargateService skyport-dev-api: scaleOnRequestCount needs the service's loadBalancer",
      );
    });
  });

  it.each<[string, ServiceOverrides, string | RegExp]>([
    [
      'minTasks above maxTasks',
      { minTasks: 5, maxTasks: 4 },
      'FargateService skyport-dev-api: maxTasks must be a whole number, at least 1 and at least minTasks (5), got 4',
    ],
    [
      'all weights 0',
      { capacity: { onDemandBase: 1, onDemandWeight: 0, spotWeight: 0 } },
      /capacity needs a positive onDemandWeight or spotWeight/,
    ],
    [
      'a negative weight',
      { capacity: { onDemandBase: 0, onDemandWeight: -1, spotWeight: 1 } },
      'FargateService skyport-dev-api: capacity.onDemandWeight must be a whole number from 0 to 1000',
    ],
    [
      'an on-demand base above minTasks',
      { capacity: { onDemandBase: 2, onDemandWeight: 1, spotWeight: 3 }, minTasks: 1 },
      /capacity.onDemandBase \(2\) exceeds minTasks \(1\)/,
    ],
    [
      'a minimum healthy percent above 100',
      { deploymentMinimumHealthyPercent: 150 },
      /deploymentMinimumHealthyPercent must be a whole number from 0 to 100, got 150/,
    ],
    [
      'a deployment with no room to replace tasks',
      { deploymentMaximumPercent: 100 },
      /deploymentMaximumPercent must be a whole number, at least 100 and above deploymentMinimumHealthyPercent \(100\), got 100/,
    ],
    [
      'a load balancer on an unknown container',
      { loadBalancer: { targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 3000 } },
      'FargateService skyport-dev-api: loadBalancer.containerName "web" is not a container of skyport-dev-api',
    ],
    [
      'a load balancer on an unmapped port',
      { loadBalancer: { targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 8080 } },
      'FargateService skyport-dev-api: loadBalancer.containerPort 8080 is not mapped by container "api" (ports: 3000)',
    ],
    [
      'a service registry on an unmapped port',
      { serviceRegistry: { registryArn: REGISTRY, containerName: 'api', containerPort: 80 } },
      'FargateService skyport-dev-api: serviceRegistry.containerPort 80 is not mapped by container "api" (ports: 3000)',
    ],
    [
      'no security group',
      { securityGroupIds: [] },
      'FargateService skyport-dev-api: securityGroupIds is empty',
    ],
    [
      'a service name with a slash',
      { name: 'dev/api' },
      /FargateService: name "dev\/api" must be 1-255 letters/,
    ],
  ])('rejects %s with a message naming the prop', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('FargateService dependencies', () => {
  it('is created only after what it is told to depend on', () => {
    const json = synthConstructs((scope) => {
      const ready = new DataResource(scope, 'ready', {});
      build(scope, { dependsOn: [ready] });
    });
    expect(onlyResource(json, 'aws_ecs_service').depends_on).toEqual(['terraform_data.ready']);
  });
});

describe('FargateService and TaskDefinition audit justifications', () => {
  const json = (props: ServiceOverrides, task: Partial<TaskDefinitionProps> = {}) =>
    synthConstructsWithComments((scope) => {
      build(scope, props, task);
    });

  it('justifies a public IP as cost only when the service asks for one', () => {
    expect(justifiedChecks(json({ assignPublicIp: true }), 'aws_ecs_service')).toEqual([
      'CKV_AWS_333 cost',
    ]);
    expect(justifiedChecks(json({}), 'aws_ecs_service')).toEqual([]);
  });

  it('justifies a task log retention below a year as cost, and nothing from a year on', () => {
    expect(justifiedChecks(json({}, { logRetentionDays: 30 }), 'aws_cloudwatch_log_group')).toEqual(
      ['CKV_AWS_338 cost'],
    );
    expect(
      justifiedChecks(json({}, { logRetentionDays: 365 }), 'aws_cloudwatch_log_group'),
    ).toEqual([]);
  });
});
