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
 * The worker process (`node dist/worker.js`): a Nest microservice on the RMQ transport
 * (worker-server.ts), no HTTP, no Redis. Its ContactConsumer handles the contact queue, notifies
 * the owner through the Notifier, and it reports queue depth. Shut down with `close()`: the
 * server cancels its consumer and finishes the messages in hand, then task protection is
 * dropped and the publishing connection and the DataSource close.
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
      ],
      controllers: [ContactConsumer],
    };
  }

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional() @Inject(QueueDepthReporter) private readonly reporter: QueueDepthReporter | null,
    @Inject(TaskProtection) private readonly protection: TaskProtection,
  ) {}

  onApplicationBootstrap(): void {
    this.reporter?.start(this.config.worker.queueMetricsIntervalMs);
  }

  /** Runs after the RMQ server has closed (NestMicroservice closes the transport first). */
  async onModuleDestroy(): Promise<void> {
    this.reporter?.stop();
    await this.protection.close();
  }
}
