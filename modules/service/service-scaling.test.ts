import { onlyResource, ref, resourceAt, type TerraformBlock } from '../testing';
import type { FargateService } from './fargate-service';
import { policies, RESOURCE_LABEL, synth } from './fargate-service-fixture';

describe('FargateService', () => {
  const dev = synth();

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
});
