import { REGISTRY, synth, TARGET_GROUP, type ServiceOverrides } from './fargate-service-fixture';

describe('FargateService', () => {
  it.each<[string, ServiceOverrides, string | RegExp]>([
    [
      'minTasks above maxTasks',
      { minTasks: 5, maxTasks: 4 },
      '[stack/api] maxTasks: 4 is out of range; use a whole number, at least 1 and at least minTasks (5)',
    ],
    [
      'all weights 0',
      { capacity: { onDemandBase: 1, onDemandWeight: 0, spotWeight: 0 } },
      /\[stack\/api\] capacity: needs a positive onDemandWeight or spotWeight/,
    ],
    [
      'a negative weight',
      { capacity: { onDemandBase: 0, onDemandWeight: -1, spotWeight: 1 } },
      '[stack/api] capacity.onDemandWeight: -1 is out of range; use a whole number from 0 to 1000',
    ],
    [
      'an on-demand base above minTasks',
      { capacity: { onDemandBase: 2, onDemandWeight: 1, spotWeight: 3 }, minTasks: 1 },
      /capacity.onDemandBase: 2 exceeds minTasks \(1\)/,
    ],
    [
      'a minimum healthy percent above 100',
      { deploymentMinimumHealthyPercent: 150 },
      /deploymentMinimumHealthyPercent: 150 is out of range; use a whole number from 0 to 100/,
    ],
    [
      'a deployment with no room to replace tasks',
      { deploymentMaximumPercent: 100 },
      /deploymentMaximumPercent: 100 is out of range; use a whole number, at least 100 and above deploymentMinimumHealthyPercent \(100\)/,
    ],
    [
      'a load balancer on an unknown container',
      { loadBalancer: { targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 3000 } },
      '[stack/api] loadBalancer.containerName: "web" is not a container of skyport-dev-api; use one of "api"',
    ],
    [
      'a load balancer on an unmapped port',
      { loadBalancer: { targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 8080 } },
      '[stack/api] loadBalancer.containerPort: 8080 is not mapped by container "api" (ports: 3000)',
    ],
    [
      'a service registry on an unmapped port',
      { serviceRegistry: { registryArn: REGISTRY, containerName: 'api', containerPort: 80 } },
      '[stack/api] serviceRegistry.containerPort: 80 is not mapped by container "api" (ports: 3000)',
    ],
    [
      'no security group',
      { securityGroupIds: [] },
      '[stack/api] securityGroupIds: is empty; list at least one security group',
    ],
    [
      'a service name with a slash',
      { name: 'dev/api' },
      /\[stack\/api\] name: "dev\/api" must be 1-255 letters/,
    ],
  ])('rejects %s with a message naming the construct and the prop', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() =>
      synth({
        minTasks: 5,
        maxTasks: 4,
        securityGroupIds: [],
        deploymentMinimumHealthyPercent: 150,
      }),
    ).toThrow(
      '[stack/api] securityGroupIds: is empty; list at least one security group\n' +
        '[stack/api] maxTasks: 4 is out of range; use a whole number, at least 1 and at least minTasks (5)\n' +
        '[stack/api] deploymentMinimumHealthyPercent: 150 is out of range; use a whole number from 0 to 100',
    );
  });
});
