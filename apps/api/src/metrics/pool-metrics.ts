import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

/** PostgreSQL pool gauges: connections open, idle, and callers waiting for one. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const pool = () => (this.dataSource.driver as unknown as { master?: Pool }).master;
    this.metrics.gauge(
      'db_pool_connections',
      'PostgreSQL pool connections by state (total, idle, waiting callers).',
      ['state'],
      (gauge) => {
        const current = pool();
        gauge.set({ state: 'total' }, current?.totalCount ?? 0);
        gauge.set({ state: 'idle' }, current?.idleCount ?? 0);
        gauge.set({ state: 'waiting' }, current?.waitingCount ?? 0);
      },
    );
  }
}
