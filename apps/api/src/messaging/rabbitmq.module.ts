import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { ConfirmPublisher } from './confirm-publisher';
import { QueueInspector } from './queue-inspector';
import { RabbitMqConnection } from './rabbitmq-connection';
import { declareTopology, type Topology, topologyFor } from './topology';

/** Injection token of the queue names (`@Inject(TOPOLOGY) topology: Topology`). */
export const TOPOLOGY = Symbol('TOPOLOGY');

export interface RabbitMqModuleOptions {
  /** The connection's name on the broker: which process it is (`skyport-api`, `skyport-worker`). */
  readonly connectionName: string;
}

/**
 * The process's RabbitMQ connection and what is built on it: the topology, a confirm publisher
 * and a queue inspector. The connection closes when the application shuts down, after every
 * module's `onModuleDestroy` (where the relay and the consumer finish their work).
 */
@Module({})
export class RabbitMqModule implements OnApplicationShutdown {
  static forRoot(options: RabbitMqModuleOptions): DynamicModule {
    return {
      module: RabbitMqModule,
      providers: [
        {
          provide: TOPOLOGY,
          inject: [API_CONFIG],
          useFactory: (config: ApiConfig): Topology =>
            topologyFor({
              queue: config.rabbitmq.queue,
              retryDelaysMs: config.worker.retryDelaysMs,
              environment: config.environment,
            }),
        },
        {
          provide: RabbitMqConnection,
          inject: [API_CONFIG, TOPOLOGY],
          useFactory: (config: ApiConfig, topology: Topology) => {
            const connection = new RabbitMqConnection(config.rabbitmq, {
              name: options.connectionName,
              setup: (channel) => declareTopology(channel, topology),
            });
            connection.start();
            return connection;
          },
        },
        {
          provide: ConfirmPublisher,
          inject: [RabbitMqConnection],
          useFactory: (connection: RabbitMqConnection) => new ConfirmPublisher(connection),
        },
        {
          provide: QueueInspector,
          inject: [RabbitMqConnection],
          useFactory: (connection: RabbitMqConnection) => new QueueInspector(connection),
        },
      ],
      exports: [TOPOLOGY, RabbitMqConnection, ConfirmPublisher, QueueInspector],
    };
  }

  constructor(
    @Inject(RabbitMqConnection) private readonly connection: RabbitMqConnection,
    @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher,
    @Inject(QueueInspector) private readonly inspector: QueueInspector,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    await this.inspector.close();
    await this.connection.close();
  }
}
