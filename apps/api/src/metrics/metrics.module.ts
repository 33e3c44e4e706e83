import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsServer } from './metrics-server';
import { PoolMetrics } from './pool-metrics';

/** The registry, the pool gauges and the separate `/metrics` listener (not a public route). */
@Global()
@Module({ providers: [Metrics, PoolMetrics, MetricsServer], exports: [Metrics] })
export class MetricsModule {}
