import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsServer } from '@iac-experiment/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.factory.js';
import { AppConfig } from '../../src/config/app-config.js';

export interface TestApi {
  app: NestFastifyApplication;
  /** http://127.0.0.1:<port> of the public listener. */
  url: string;
  server: Server;
  metricsUrl: string;
  close(): Promise<void>;
}

/** The real api (same factory as main.ts) listening on free ports, against `databaseUrl`. */
export async function startTestApi(
  databaseUrl: string,
  options: { logs?: DestinationStream; env?: Record<string, string> } = {},
): Promise<TestApi> {
  const config = AppConfig.fromEnv({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: options.logs ? 'info' : 'silent',
    // Suites write far more than one client would; the write limit's own suite turns it back on.
    WRITE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  const app = await createApp(config, { logs: options.logs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = app.getHttpServer() as Server;
  return {
    app,
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    metricsUrl: `http://127.0.0.1:${app.get(MetricsServer).port}`,
    close: () => app.close(),
  };
}
