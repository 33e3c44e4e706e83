import { type TerraformBlock, type TerraformJson } from '@skyport/modules/testing';
import { blocks, containersOf, named, service, stack } from './app-stack-test-support';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { synthesizeApp } from './test-support';

describe('<env>-app', () => {
  it('runs dev entirely on Fargate Spot', () => {
    for (const id of ['api', 'worker'] as const) {
      expect(service(stack('dev-app'), id).capacity_provider_strategy).toEqual([
        expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 1 }),
      ]);
    }
  });

  it('keeps an on-demand base in prod and puts the rest mostly on Spot', () => {
    const strategy = service(stack('prod-app'), 'api')
      .capacity_provider_strategy as TerraformBlock[];
    expect(strategy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ capacity_provider: 'FARGATE', base: 1, weight: 1 }),
        expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 3 }),
      ]),
    );
  });

  it.each(['dev-app', 'prod-app'])('rolls a failed deployment back automatically in %s', (id) => {
    for (const which of ['api', 'worker'] as const) {
      expect(service(stack(id), which).deployment_circuit_breaker).toEqual({
        enable: true,
        rollback: true,
      });
    }
  });

  it('serves the API through the load balancer’s target group on port 3000 after the HTTPS listener exists', () => {
    const api = service(stack('prod-app'), 'api');
    expect(api.load_balancer).toEqual([
      expect.objectContaining({ container_name: 'api', container_port: 3000 }),
    ]);
    expect(api.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_lb_listener\./)]),
    );
  });

  it.each(['dev-app', 'prod-app'])(
    'keeps the API’s /metrics off the internet in %s: its own port, mapped nowhere and routed by no rule',
    (id) => {
      const json = stack(id);
      const [api] = containersOf(json, /^api-task_task-definition/);
      const environment = Object.fromEntries(
        (api?.environment ?? []).map((e) => [e.name, e.value]),
      );
      expect(environment).toMatchObject({ PORT: '3000', METRICS_PORT: '9464' });
      expect(api?.portMappings).toEqual([expect.objectContaining({ containerPort: 3000 })]);
      // Whatever the entry, it reaches the tasks on 3000 only.
      const toTasks = [
        ...blocks(json, 'aws_lb_target_group').map(([, group]) => group.port),
        ...blocks(json, 'aws_service_discovery_service')
          .map(() => service(json, 'api'))
          .map((api) => (api.service_registries as TerraformBlock).container_port),
      ];
      expect(toTasks).toEqual([3000]);
      // The path rule that answered /metrics with a 404 is gone: the public port has no /metrics.
      expect(blocks(json, 'aws_lb_listener_rule')).toEqual([]);
      expect(JSON.stringify(json)).not.toMatch(/"(from_port|to_port)":\s*"?9464/);
    },
  );

  it('replaces a worker whose consumer makes no progress: its container checks the heartbeat', () => {
    const [worker] = containersOf(stack('prod-app'), /^worker-task_task-definition/);
    expect(worker).toMatchObject({
      name: 'worker',
      // ECS replaces a task whose essential container is unhealthy; the service has no load balancer.
      essential: true,
      healthCheck: { command: ['CMD', 'node', 'dist/worker-health.js'], startPeriod: 60 },
    });
  });

  it('gives Spot’s two-minute notice to in-flight work: worker stop timeout 120 s, API 60 s above a 30 s deregistration delay', () => {
    expect(containersOf(stack('prod-app'), /^worker-task_task-definition/)[0]?.stopTimeout).toBe(
      120,
    );
    expect(containersOf(stack('prod-app'), /^api-task_task-definition/)[0]?.stopTimeout).toBe(60);
    const [, targetGroup] = blocks(stack('prod-app'), 'aws_lb_target_group')[0] as [
      string,
      TerraformBlock,
    ];
    expect(targetGroup.deregistration_delay).toBe('30');
  });

  it('scales the worker on queue backlog per running task, from the contact queue', () => {
    const policies = blocks(stack('prod-app'), 'aws_appautoscaling_policy').map(([, p]) => p);
    const backlog = policies.find((p) => JSON.stringify(p).includes('QueueDepth'));
    const spec = (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock)
      .customized_metric_specification as TerraformBlock;
    const metrics = spec.metrics as TerraformBlock[];
    expect(metrics.find((m) => m.return_data === true)?.expression).toBe('queued / workers');
    const queued = metrics.find((m) => m.id === 'queued')?.metric_stat as TerraformBlock;
    // Amazon MQ publishes no per-queue metrics for RabbitMQ 4: the worker reports the depth.
    expect(queued.metric).toMatchObject({
      namespace: 'Skyport',
      metric_name: 'QueueDepth',
      dimensions: [
        { name: 'Environment', value: 'prod' },
        { name: 'Queue', value: 'contact' },
      ],
    });
    expect(
      (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock).target_value,
    ).toBe((ENVIRONMENTS.prod as EnvironmentProfile).app.worker.backlogPerTask);
    expect(backlog?.resource_id).toMatch(/worker/);
  });

  describe.each([
    [false, 'SampleCount of the workers’ own QueueDepth reports', 'Skyport', 'QueueDepth'],
    [true, 'Container Insights’ RunningTaskCount', 'ECS/ContainerInsights', 'RunningTaskCount'],
  ])('Container Insights %s', (insights, source, namespace, metricName) => {
    const prod = ENVIRONMENTS.prod as EnvironmentProfile;
    const json = synthesizeApp({
      environments: 'prod',
      profiles: { prod: { ...prod, app: { ...prod.app, containerInsights: insights } } },
    }).stacks.get('prod-app') as TerraformJson;

    it(`sets the cluster’s containerInsights and counts running workers from ${source}`, () => {
      const [, cluster] = named(json, 'aws_ecs_cluster', /^cluster/);
      expect(cluster.setting).toEqual([
        { name: 'containerInsights', value: insights ? 'enabled' : 'disabled' },
      ]);
      const policies = blocks(json, 'aws_appautoscaling_policy').map(([, p]) => p);
      const backlog = policies.find((p) => JSON.stringify(p).includes('queue-backlog'));
      const spec = (backlog?.target_tracking_scaling_policy_configuration as TerraformBlock)
        .customized_metric_specification as TerraformBlock;
      const workers = (spec.metrics as TerraformBlock[]).find((m) => m.id === 'workers')
        ?.metric_stat as TerraformBlock;
      expect(workers.metric).toMatchObject({ namespace, metric_name: metricName });
      expect(workers.stat).toBe(insights ? 'Average' : 'SampleCount');
    });

    it(`${insights ? 'needs no' : 'justifies the'} CKV_AWS_65 finding${insights ? '' : ', naming what replaces the metrics'}`, () => {
      const [, cluster] = named(json, 'aws_ecs_cluster', /^cluster/);
      const skips = ((cluster['//'] as TerraformBlock | undefined)?.checkov as TerraformBlock)
        ?.skip as TerraformBlock[] | undefined;
      if (insights) expect(skips).toBeUndefined();
      else
        expect(skips).toEqual([
          expect.objectContaining({
            id: 'CKV_AWS_65',
            comment: expect.stringMatching(/AWS\/ECS metrics with alarms.*queue-depth reports/),
          }),
        ]);
    });
  });

  it('scales the API on CPU, memory and requests per target within the profile’s bounds', () => {
    const json = stack('prod-app');
    const metrics = blocks(json, 'aws_appautoscaling_policy')
      .map(
        ([, p]) =>
          (p.target_tracking_scaling_policy_configuration as TerraformBlock)
            .predefined_metric_specification,
      )
      .filter(Boolean)
      .map((m) => (m as TerraformBlock).predefined_metric_type)
      .sort();
    expect(metrics).toEqual([
      'ALBRequestCountPerTarget',
      'ECSServiceAverageCPUUtilization',
      'ECSServiceAverageMemoryUtilization',
    ]);
    const targets = blocks(json, 'aws_appautoscaling_target').map(([, t]) => [
      t.min_capacity,
      t.max_capacity,
    ]);
    expect(targets).toEqual(
      expect.arrayContaining([
        [2, 10],
        [1, 10],
      ]),
    );
  });

  it('starts tasks only once the capacity providers and the egress rules exist', () => {
    const json = stack('prod-app');
    const [capacity] = named(json, 'aws_ecs_cluster_capacity_providers', /capacity-providers/);
    const egress = blocks(json, 'aws_vpc_security_group_egress_rule')
      .filter(([name]) => name.startsWith('tasks-to-'))
      .map(([name]) => `aws_vpc_security_group_egress_rule.${name}`);
    expect(egress).toHaveLength(4);
    const [, migrations] = named(json, 'terraform_data', /^run-migrations/);
    for (const dependent of [service(json, 'api'), service(json, 'worker'), migrations]) {
      expect(dependent.depends_on).toEqual(
        expect.arrayContaining([`aws_ecs_cluster_capacity_providers.${capacity}`, ...egress]),
      );
    }
  });

  it('runs the migration task during the apply, before either service changes', () => {
    const json = stack('dev-app');
    const [migrationsName, migrations] = named(json, 'terraform_data', /^run-migrations/);
    expect(JSON.stringify(migrations.triggers_replace)).toMatch(
      /aws_ecs_task_definition\.migrate-task/,
    );
    const [exec] = migrations.provisioner as TerraformBlock[];
    expect((exec?.['local-exec'] as TerraformBlock).command).toBe(
      '../../../scripts/run-migration.sh',
    );
    for (const id of ['api', 'worker'] as const) {
      expect(service(json, id).depends_on).toContain(`terraform_data.${migrationsName}`);
    }
    expect(containersOf(json, /^migrate-task_task-definition/).map((c) => c.name)).toEqual([
      'migrate',
    ]);
  });

  it('sends alarms for the API, the services and every data service to an encrypted topic', () => {
    const json = stack('prod-app');
    const names = blocks(json, 'aws_cloudwatch_metric_alarm').map(
      ([, a]) => a.alarm_name as string,
    );
    for (const alarm of [
      'api-5xx-rate',
      'api-latency-p95',
      'api-unhealthy-targets',
      'api-cpu-high',
      'worker-memory-high',
      'postgres-storage-low',
      'cache-memory-high',
      'contact-queue-backlog',
      'contact-dead-letters',
    ]) {
      expect(names).toContain(`skyport-prod-${alarm}`);
    }
    // 80% of the default max_connections of each environment's class (t4g.medium: ~405, micro: ~101).
    const connections = (id: string) =>
      blocks(stack(id), 'aws_cloudwatch_metric_alarm').find(([, a]) =>
        (a.alarm_name as string).endsWith('postgres-connections-high'),
      )?.[1].threshold;
    expect([connections('dev-app'), connections('prod-app')]).toEqual([80, 324]);
    const [, topic] = blocks(json, 'aws_sns_topic')[0] as [string, TerraformBlock];
    expect(topic.kms_master_key_id).toMatch(/cross-stack-output-aws_kms_key/);
  });

  it('declares the account values it needs as variables', () => {
    expect(Object.keys(stack('dev-app').variable ?? {}).sort()).toEqual([
      'alert_email',
      'bedrock_model_id',
      'domain_name',
      'hosted_zone_id',
      'image_tag',
      'owner_email',
    ]);
  });
});
