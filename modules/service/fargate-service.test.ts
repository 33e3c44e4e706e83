import { DataResource } from 'cdktf';
import {
  justifiedChecks,
  onlyResource,
  ref,
  resourceAt,
  synthConstructs,
  synthConstructsWithComments,
} from '../testing';
import {
  build,
  CLUSTER,
  REGISTRY,
  serviceOf,
  synth,
  TARGET_GROUP,
  type ServiceOverrides,
} from './fargate-service-fixture';
import type { TaskDefinitionProps } from './task-definition';

describe('FargateService', () => {
  const dev = synth();

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
      '[stack/api] enableExecuteCommand: needs the task definition skyport-dev-api to enable it too',
    );
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
