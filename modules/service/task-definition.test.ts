import { onlyResource, resourceAt } from '../testing';
import { roleRef, synth } from './task-definition-fixture';

describe('TaskDefinition', () => {
  const json = synth();

  it('registers a Fargate task on ARM64 Linux with awsvpc networking and the given size', () => {
    expect(onlyResource(json, 'aws_ecs_task_definition')).toMatchObject({
      family: 'skyport-dev-api',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      runtime_platform: { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
      cpu: '512',
      memory: '1024',
    });
  });

  it('hands Terraform the container definitions as jsonencode of a value, so references are escaped and the HCL rendering parses', () => {
    const definitions = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(definitions).toMatch(/^\$\{jsonencode\(\[\{"name" = "api", /);
    // A reference sits in the value as an expression, not spliced into JSON text.
    expect(definitions).toContain('"awslogs-region" = data.aws_region.');
  });

  it('starts tasks with an execution role distinct from the application’s task role', () => {
    const task = onlyResource(json, 'aws_ecs_task_definition');
    expect(task.execution_role_arn).toBe(roleRef(json, 'execution-role'));
    expect(task.task_role_arn).toBe(roleRef(json, 'task-role'));
    expect(task.execution_role_arn).not.toBe(task.task_role_arn);
    expect(task.depends_on).toEqual([
      `aws_iam_role_policy.${resourceAt(json, 'aws_iam_role_policy', 'execution-policy').name}`,
    ]);
  });
});
