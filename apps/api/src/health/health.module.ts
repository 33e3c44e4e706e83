import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../redis/redis.module';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';

/** /health and /ready; PostgreSQL and Redis probes here, RabbitMQ's from the messaging module. */
@Global()
@Module({ providers: [Readiness], controllers: [HealthController], exports: [Readiness] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.dataSource.query('SELECT 1'));
    this.readiness.register('redis', async () => {
      // ioredis refuses commands at once while disconnected (no offline queue).
      const answer: string = await this.redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
    });
  }
}
