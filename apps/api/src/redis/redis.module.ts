import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { RedisClient } from './redis-client';
import { RedisConnection } from './redis-connection';

/** Injection token of the shared node-redis client: `@Inject(REDIS) redis: RedisClient`. */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => {
        const connection = new RedisConnection(config.redis);
        connection.start();
        return connection;
      },
    },
    {
      provide: REDIS,
      inject: [RedisConnection],
      useFactory: (connection: RedisConnection): RedisClient => connection.client,
    },
  ],
  exports: [REDIS, RedisConnection],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly connection: RedisConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
