import type { ApiConfig } from '../config/config';
import { RabbitMqServer } from '../messaging/rabbitmq-server';
import { topologyFor } from '../messaging/topology';
import { type ContactConsumerOptions, DEFAULT_CONTACT_CONSUMER_OPTIONS } from './contact-consumer';

/**
 * The worker's transport: Nest's RMQ server on the contact queue with manual acknowledgements,
 * `WORKER_PREFETCH` messages in hand (`NestFactory.createMicroservice(WorkerModule.forConfig(config),
 * { strategy: createWorkerServer(config) })`).
 */
export function createWorkerServer(
  config: ApiConfig,
  options: ContactConsumerOptions = DEFAULT_CONTACT_CONSUMER_OPTIONS,
): RabbitMqServer {
  return new RabbitMqServer({
    config: config.rabbitmq,
    connectionName: 'skyport-worker-consumer',
    topology: topologyFor({
      queue: config.rabbitmq.queue,
      retryDelaysMs: config.worker.retryDelaysMs,
      environment: config.environment,
    }),
    prefetch: config.worker.prefetch,
    resubscribeDelayMs: options.resubscribeDelayMs,
  });
}
