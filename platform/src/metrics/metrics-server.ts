import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options.js';

/**
 * Serves `GET /metrics` on its own port, apart from the public HTTP server: the load balancer only forwards to
 * the app port, so the public internet cannot read metrics while Prometheus, inside the network, can.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private readonly server: Server;

  constructor(
    @Inject(Registry) private readonly registry: Registry,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('The metrics server is not listening');
    return address.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.logger.log(`Metrics served on port ${this.port} at /metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url?.split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
      return;
    }
    try {
      const body = await this.registry.metrics();
      response.writeHead(200, { 'content-type': this.registry.contentType }).end(body);
    } catch (error) {
      this.logger.error(error);
      response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error\n');
    }
  }
}
