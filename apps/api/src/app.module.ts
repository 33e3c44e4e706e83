import { type DynamicModule, Module } from '@nestjs/common';
import { AssistantModule } from './assistant/assistant.module';
import { AuthModule } from './auth/auth.module';
import type { ApiConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { ContactModule } from './contact/contact.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HelloController } from './hello/hello.controller';
import { InFlightHandlers } from './lifecycle/in-flight';
import { MetricsModule } from './metrics/metrics.module';
import { ProjectsModule } from './projects/projects.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';

/** The HTTP API: infrastructure modules first, then one module per feature. */
@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        MetricsModule,
        HealthModule,
        // Feature modules (one line each):
        AuthModule,
        ProjectsModule,
        AssistantModule,
        ContactModule,
      ],
      controllers: [HelloController],
      // Counts running handlers for shutdown; createApp wraps the route handlers with it.
      providers: [InFlightHandlers],
    };
  }
}
