import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';

/** /health and /ready; PostgreSQL and Redis probes here, RabbitMQ's from the messaging module. */
@Global()
@Module({ providers: [Readiness], controllers: [HealthController], exports: [Readiness] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', () => this.dataSource.query('SELECT 1'));
    this.readiness.register('redis', async () => {
      // While not connected, say why (the line the log has too) instead of "client is offline".
      const problem = this.redis.lastProblem;
      if (!this.redis.client.isReady) throw new Error(problem ?? 'not connected yet');
      const answer = await this.redis.client.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer ${String(answer)}`);
    });
  }
}
