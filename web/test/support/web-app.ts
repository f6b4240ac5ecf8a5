import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WebConfig } from '../../src/config/web-config.js';
import { createWebApp } from '../../src/web-app.js';
import { JsonLog } from './json-log.js';

export interface TestWeb {
  app: NestFastifyApplication;
  /** web's own JSON log lines. */
  log: JsonLog;
}

/**
 * web exactly as main.ts builds it (same factory), configured through the same validated variables, pointed at
 * `apiUrl`. Initialized but not listening: supertest drives `app.getHttpServer()`. The metrics listener takes a free port.
 */
export async function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<TestWeb> {
  const config = WebConfig.fromEnv({
    API_URL: apiUrl,
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    // Suites post far more than one client would; the write limit's own test turns it back on.
    WRITE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const log = new JsonLog();
  const app = await createWebApp(config, { logDestination: log.stream });
  return { app, log };
}
