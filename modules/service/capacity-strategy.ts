import type { EcsServiceCapacityProviderStrategy } from '@cdktf/provider-aws/lib/ecs-service';

/**
 * How tasks spread over Fargate (on-demand) and Fargate Spot. The first `onDemandBase` tasks run
 * on Fargate; the rest split by weight. Dev: `{ onDemandBase: 0, onDemandWeight: 0,
 * spotWeight: 1 }` (all Spot); prod e.g. `{ onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 }`.
 */
export interface CapacityStrategy {
  /** Tasks that always run on on-demand Fargate, 0 to `minTasks`. */
  readonly onDemandBase: number;
  /** Relative share of on-demand Fargate beyond the base, 0 to 1000. */
  readonly onDemandWeight: number;
  /** Relative share of Fargate Spot, 0 to 1000. */
  readonly spotWeight: number;
}

/** The service's `capacity_provider_strategy`: an entry only for a provider that gets tasks. */
export function capacityProviderStrategy(
  capacity: CapacityStrategy,
): EcsServiceCapacityProviderStrategy[] {
  const strategy: EcsServiceCapacityProviderStrategy[] = [];
  if (capacity.onDemandBase > 0 || capacity.onDemandWeight > 0) {
    strategy.push({
      capacityProvider: 'FARGATE',
      base: capacity.onDemandBase,
      weight: capacity.onDemandWeight,
    });
  }
  if (capacity.spotWeight > 0) {
    strategy.push({ capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight });
  }
  return strategy;
}
