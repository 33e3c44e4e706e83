import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Readiness } from '../health/readiness';
import { Metrics } from '../metrics/metrics';
import { Outbox } from './outbox';
import { DEFAULT_OUTBOX_RELAY_OPTIONS, OUTBOX_RELAY_OPTIONS, OutboxRelay } from './outbox-relay';
import { QueueInspector } from './queue-inspector';
import { RabbitMqModule, TOPOLOGY } from './rabbitmq.module';
import type { Topology } from './topology';

/**
 * The API side of messaging: the outbox that features write to, the relay that publishes it, the
 * `rabbitmq` readiness probe and the outbox gauges. The API never publishes on a request path.
 */
@Module({
  imports: [RabbitMqModule.forRoot({ connectionName: 'skyport-api' })],
  providers: [
    Outbox,
    OutboxRelay,
    { provide: OUTBOX_RELAY_OPTIONS, useValue: DEFAULT_OUTBOX_RELAY_OPTIONS },
  ],
  exports: [Outbox, OutboxRelay],
})
export class OutboxModule implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    @Inject(QueueInspector) private readonly inspector: QueueInspector,
    @Inject(TOPOLOGY) private readonly topology: Topology,
  ) {}

  onModuleInit(): void {
    // A round trip on the cached connection: proves it open and a channel usable, and finds a
    // connection that is dead but not yet noticed. Never opens a connection per probe.
    this.readiness.register('rabbitmq', () => this.inspector.messageCount(this.topology.workQueue));
    this.metrics.gauge(
      'outbox_pending_messages',
      'Outbox messages not yet confirmed by RabbitMQ.',
      [],
      async (gauge) => {
        const [row] = await this.dataSource.query<Array<{ value: number }>>(
          `SELECT count(*)::int AS "value" FROM "outbox_messages" WHERE "published_at" IS NULL`,
        );
        gauge.set(row?.value ?? 0);
      },
    );
    // What an alarm wants: a relay that is stuck, not one that is busy.
    this.metrics.gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest outbox message not yet confirmed by RabbitMQ; 0 when none.',
      [],
      async (gauge) => {
        const [row] = await this.dataSource.query<Array<{ value: number }>>(
          `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min("created_at")), 0)::float AS "value"
           FROM "outbox_messages" WHERE "published_at" IS NULL`,
        );
        gauge.set(row?.value ?? 0);
      },
    );
  }
}
