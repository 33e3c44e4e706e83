import { serviceOf, synth } from './fargate-service-fixture';

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
});
