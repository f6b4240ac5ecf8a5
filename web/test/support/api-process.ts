import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type NodeService, startNodeService } from './node-service.js';

/**
 * The real api, run from its production entry point (`dist/main.bundle.js` of `@iac-experiment/api`, so `yarn build`
 * must have run) as a child process on a free port against `databaseUrl`. Its JSON logs are collected.
 */
export function startApi(databaseUrl: string): Promise<NodeService> {
  const apiRoot = dirname(createRequire(import.meta.url).resolve('@iac-experiment/api/package.json'));
  return startNodeService(
    join(apiRoot, 'dist', 'main.bundle.js'),
    {
      NODE_ENV: 'test',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DATABASE_SSL: 'off',
      WRITE_LIMIT_PER_MINUTE: '0',
    },
    '/api/health',
  );
}
