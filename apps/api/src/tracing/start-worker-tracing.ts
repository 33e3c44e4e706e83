// Imported first by worker.ts, before anything that loads http, pg, node-redis, amqplib or the AWS SDK.
import { startTracingOrExit } from './tracing';

startTracingOrExit('skyport-worker');
