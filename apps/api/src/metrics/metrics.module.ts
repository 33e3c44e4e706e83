import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { PoolMetrics } from './pool-metrics';

@Global()
@Module({ providers: [Metrics, PoolMetrics], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule {}
