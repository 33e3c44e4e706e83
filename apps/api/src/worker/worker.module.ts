import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { ConfigModule, API_CONFIG } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { QueueInspector } from '../messaging/queue-inspector';
import { RabbitMqModule, TOPOLOGY } from '../messaging/rabbitmq.module';
import type { Topology } from '../messaging/topology';
import {
  CONTACT_CONSUMER_OPTIONS,
  ContactConsumer,
  DEFAULT_CONTACT_CONSUMER_OPTIONS,
} from './contact-consumer';
import { ContactDelivery } from './contact-delivery';
import { LoggingNotifier, NOTIFIER } from './notifier';
import { SesNotifier } from './ses-notifier';
import { QueueDepthReporter } from './queue-depth-reporter';
import { TaskProtection } from './task-protection';

/**
 * The worker process (`node dist/worker.js`): no HTTP, no Redis. It consumes the contact queue,
 * notifies the owner through the Notifier and reports queue depth. Shut down with `close()`: the
 * consumer stops and finishes the messages in hand, then the connection and the DataSource close.
 */
@Module({})
export class WorkerModule implements OnApplicationBootstrap, OnModuleDestroy {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule,
        RabbitMqModule.forRoot({ connectionName: 'skyport-worker' }),
      ],
      providers: [
        {
          // E-mail through SES where a sender is configured (AWS); the log line otherwise.
          provide: NOTIFIER,
          inject: [API_CONFIG],
          useFactory: (current: ApiConfig) =>
            current.notifications.emailFrom === undefined
              ? new LoggingNotifier()
              : new SesNotifier(current),
        },
        { provide: CONTACT_CONSUMER_OPTIONS, useValue: DEFAULT_CONTACT_CONSUMER_OPTIONS },
        {
          provide: TaskProtection,
          inject: [API_CONFIG],
          useFactory: (current: ApiConfig) => new TaskProtection(current.worker.ecsAgentUri),
        },
        {
          provide: QueueDepthReporter,
          inject: [API_CONFIG, QueueInspector, TOPOLOGY],
          useFactory: (current: ApiConfig, inspector: QueueInspector, topology: Topology) =>
            current.metricsEnvironment === undefined
              ? null
              : new QueueDepthReporter(
                  inspector,
                  [topology.workQueue, topology.deadLetterQueue],
                  current.metricsEnvironment,
                ),
        },
        ContactDelivery,
        ContactConsumer,
      ],
      exports: [ContactConsumer],
    };
  }

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional() @Inject(QueueDepthReporter) private readonly reporter: QueueDepthReporter | null,
  ) {}

  onApplicationBootstrap(): void {
    this.reporter?.start(this.config.worker.queueMetricsIntervalMs);
  }

  onModuleDestroy(): void {
    this.reporter?.stop();
  }
}
