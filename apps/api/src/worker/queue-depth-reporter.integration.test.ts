import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueInspector } from '../messaging/queue-inspector';
import { RabbitMqConnection } from '../messaging/rabbitmq-connection';
import { eventually, TestBroker } from '../messaging/testing/test-broker';
import { declareTopology } from '../messaging/topology';
import { createTestEnvironment, type TestEnvironment } from '../testing/test-environment';
import {
  QUEUE_DEPTH_METRIC_NAME,
  QUEUE_DEPTH_NAMESPACE,
  QueueDepthReporter,
  queueDepthLine,
} from './queue-depth-reporter';
import { ScriptedNotifier } from './testing/scripted-notifier';
import { startWorker } from './testing/start-worker';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  Environment: string;
  Queue: string;
  QueueDepth: number;
}

describe('the queue-depth metric (CloudWatch Embedded Metric Format)', () => {
  let environment: TestEnvironment;
  let broker: TestBroker;

  beforeAll(async () => {
    environment = await createTestEnvironment({
      METRICS_ENVIRONMENT: 'dev',
      QUEUE_METRICS_INTERVAL_MS: '1000',
    });
    broker = await TestBroker.connect(environment.config);
    environment.onCleanup(() => broker.deleteQueuesAndClose());
  });

  afterAll(async () => {
    await environment?.cleanup();
  });

  it('uses the namespace and metric name of stacks/app-contract.ts', () => {
    const contract = readFileSync(join(__dirname, '../../../../stacks/app-contract.ts'), 'utf8');
    expect(contract).toContain(`namespace: '${QUEUE_DEPTH_NAMESPACE}'`);
    expect(contract).toContain(`name: '${QUEUE_DEPTH_METRIC_NAME}'`);
    expect(contract).toMatch(/\(\{ Environment: environment, Queue: queue \}\)/);
  });

  it('writes one EMF line per queue with the ready message count', async () => {
    const connection = new RabbitMqConnection(environment.config.rabbitmq, {
      name: 'queue-depth-test',
      setup: (channel) => declareTopology(channel, broker.topology),
    });
    connection.start();
    const inspector = new QueueInspector(connection);
    try {
      await connection.waitUntilConnected();
      const { workQueue, deadLetterQueue } = broker.topology;
      await broker.publish(workQueue, '{}');
      await broker.publish(workQueue, '{}');
      await broker.publish(deadLetterQueue, '{}');
      const lines: string[] = [];
      const reporter = new QueueDepthReporter(
        inspector,
        [workQueue, deadLetterQueue],
        'dev',
        (line) => lines.push(line),
      );
      await reporter.report();

      const documents = lines.map((line) => JSON.parse(line) as EmfDocument);
      expect(documents).toHaveLength(2);
      expect(documents.map((document) => [document.Queue, document.QueueDepth])).toEqual([
        [workQueue, 2],
        [deadLetterQueue, 1],
      ]);
      for (const document of documents) {
        expect(document.Environment).toBe('dev');
        expect(document._aws.CloudWatchMetrics).toEqual([
          {
            Namespace: 'Skyport',
            Dimensions: [['Environment', 'Queue']],
            Metrics: [{ Name: 'QueueDepth', Unit: 'Count' }],
          },
        ]);
        expect(Math.abs(document._aws.Timestamp - Date.now())).toBeLessThan(60_000);
      }
    } finally {
      await inspector.close();
      await connection.close();
      await broker.drain(broker.topology.workQueue);
      await broker.drain(broker.topology.deadLetterQueue);
    }
  });

  it('writes no line (and logs) when the broker cannot be asked', async () => {
    const connection = new RabbitMqConnection(
      { ...environment.config.rabbitmq, port: 1 },
      { name: 'queue-depth-test-unreachable' },
    );
    connection.start();
    const lines: string[] = [];
    const reporter = new QueueDepthReporter(
      new QueueInspector(connection),
      ['contact'],
      'dev',
      (line) => lines.push(line),
    );
    await reporter.report();
    await connection.close();
    expect(lines).toEqual([]);
  });

  it('is written by the worker on its interval when METRICS_ENVIRONMENT is set', async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    const worker = await startWorker(environment.config, new ScriptedNotifier());
    try {
      const lines = await eventually(
        () => Promise.resolve(written.filter((line) => line.includes('"QueueDepth"'))),
        (found) => found.length >= 2,
        { timeoutMs: 5_000 },
      );
      const queues = lines.map((line) => (JSON.parse(line) as EmfDocument).Queue);
      expect(queues).toEqual(
        expect.arrayContaining([broker.topology.workQueue, broker.topology.deadLetterQueue]),
      );
      expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    } finally {
      await worker.close();
      write.mockRestore();
    }
  });

  it('formats a line exactly as CloudWatch expects', () => {
    expect(JSON.parse(queueDepthLine('prod', 'contact.dead-letter', 3, 1_700_000_000_000))).toEqual(
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'Skyport',
              Dimensions: [['Environment', 'Queue']],
              Metrics: [{ Name: 'QueueDepth', Unit: 'Count' }],
            },
          ],
        },
        Environment: 'prod',
        Queue: 'contact.dead-letter',
        QueueDepth: 3,
      },
    );
  });
});
