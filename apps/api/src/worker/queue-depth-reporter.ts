import { Logger } from '@nestjs/common';
import type { QueueInspector } from '../messaging/queue-inspector';
import { errorMessage } from '../messaging/rabbitmq-connection';

/**
 * The metric the app stack's autoscaling and queue alarms watch. It must match
 * `QUEUE_DEPTH_METRIC` in stacks/app-contract.ts (an app does not import infrastructure code,
 * so the names are repeated here; queue-depth-reporter.test.ts pins them).
 */
export const QUEUE_DEPTH_NAMESPACE = 'Skyport';
export const QUEUE_DEPTH_METRIC_NAME = 'QueueDepth';

/**
 * One CloudWatch Embedded Metric Format document: a JSON line on stdout that CloudWatch Logs
 * turns into a `Skyport/QueueDepth` data point with the dimensions Environment and Queue. EMF
 * gives each document one value per dimension, so each queue gets its own line.
 */
export function queueDepthLine(
  environment: string,
  queue: string,
  depth: number,
  timestamp: number,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: QUEUE_DEPTH_NAMESPACE,
          Dimensions: [['Environment', 'Queue']],
          Metrics: [{ Name: QUEUE_DEPTH_METRIC_NAME, Unit: 'Count' }],
        },
      ],
    },
    Environment: environment,
    Queue: queue,
    [QUEUE_DEPTH_METRIC_NAME]: depth,
  });
}

/**
 * Writes the depth (messages ready) of each queue on a timer. Written straight to stdout, not
 * through the logger: the line must be the EMF document itself. When the broker cannot be asked,
 * no line is written (the alarms treat missing data as breaching) and a warning is logged.
 */
export class QueueDepthReporter {
  private readonly logger = new Logger(QueueDepthReporter.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inspector: QueueInspector,
    private readonly queues: readonly string[],
    private readonly environment: string,
    private readonly write: (line: string) => void = (line) => {
      process.stdout.write(`${line}\n`);
    },
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.report(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async report(): Promise<void> {
    const timestamp = Date.now();
    for (const queue of this.queues) {
      try {
        const depth = await this.inspector.messageCount(queue);
        this.write(queueDepthLine(this.environment, queue, depth, timestamp));
      } catch (error) {
        this.logger.warn({
          msg: 'could not read the queue depth',
          queue,
          reason: errorMessage(error),
        });
      }
    }
  }
}
