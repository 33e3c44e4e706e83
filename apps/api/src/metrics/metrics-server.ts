import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { Metrics } from './metrics';

/** Where the metrics listener binds: the task's localhost, which only its own containers share. */
export const METRICS_HOST = '127.0.0.1';

/**
 * Prometheus `GET /metrics` on its own port (METRICS_PORT, 9464 by default), bound to 127.0.0.1:
 * not a route of the public app, so no path spelling (`/%6detrics`, `/metrics/`) reaches it
 * through the load balancer, whose target group forwards only to the API port. Started after the
 * modules are ready and before the API listens; closed with the app.
 *
 * A port that cannot be bound is logged (naming METRICS_PORT) and the API serves on without
 * metrics: the public routes and `/health` matter more than the scrape.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsServer');
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** `http://127.0.0.1:<port>` once listening (tests read the port chosen for METRICS_PORT=0). */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://${METRICS_HOST}:${address.port}` : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      const path = request.url?.split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (text) =>
          response
            .writeHead(200, {
              'content-type': this.metrics.registry.contentType,
              'cache-control': 'no-store',
            })
            .end(text),
        (error: unknown) => {
          this.logger.error(`collecting metrics failed: ${String(error)}`);
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (error) => {
        this.logger.error(
          `metrics not served: cannot listen on ${METRICS_HOST}:${this.config.metricsPort} ` +
            `(${error.message}); set METRICS_PORT to a free port`,
        );
        resolve();
      });
      server.listen(this.config.metricsPort, METRICS_HOST, () => {
        this.server = server;
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
