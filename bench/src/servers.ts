import { join } from 'node:path';
import { findFreePort } from '@iac-experiment/db/local-postgres';
import { containerNodeArgs } from './container-command.js';
import { BENCH_ROOT } from './paths.js';
import type { ServerSpec } from './processes/server-process.js';
import type { TargetName } from './report/types.js';

/**
 * The settings production runs with (NODE_ENV=production, info logs), minus TLS to a local Postgres, and minus the
 * per-client write limit: every load-test request comes from one address.
 */
const PRODUCTION = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  METRICS_PORT: '0',
  WRITE_LIMIT_PER_MINUTE: '0',
};

export interface ServerContext {
  /** Where the api and web builds are run from (see snapshotBuilds). */
  buildsDir: string;
  databaseUrl: string;
  /** The `node` binary the servers run on (resolveServerNode). */
  node: string;
  /** web's API_URL. */
  apiUrl?: string;
  logsDir: string;
  /** Suffix of the log file name. */
  label: string;
  /** Extra `node` flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Extra environment for api and web (not the floor). */
  env?: Record<string, string>;
}

/** How each server under test is started: the api and web production builds, the floor's compiled JS. */
export async function serverSpec(target: TargetName, context: ServerContext): Promise<ServerSpec> {
  const port = await findFreePort();
  const logFile = join(context.logsDir, `${target}-${context.label}.log`);
  switch (target) {
    case 'api':
      return {
        name: 'api',
        node: context.node,
        args: [...(context.nodeFlags ?? []), ...(await containerNodeArgs('api'))],
        cwd: join(context.buildsDir, 'api'),
        env: {
          ...PRODUCTION,
          PORT: String(port),
          DATABASE_URL: context.databaseUrl,
          DATABASE_SSL: 'off',
          ...context.env,
        },
        port,
        healthPath: '/api/health',
        logFile,
      };
    case 'floor':
      return {
        name: 'floor',
        node: context.node,
        args: [...(context.nodeFlags ?? []), join(BENCH_ROOT, 'dist/floor/main.js')],
        cwd: BENCH_ROOT,
        // The api's default pool size (DATABASE_POOL_MAX 10).
        env: {
          NODE_ENV: 'production',
          PORT: String(port),
          DATABASE_URL: context.databaseUrl,
          DATABASE_POOL_MAX: '10',
        },
        port,
        healthPath: '/api/health',
        logFile,
      };
    case 'web':
      if (!context.apiUrl) throw new Error('web needs the api URL');
      return {
        name: 'web',
        node: context.node,
        args: [...(context.nodeFlags ?? []), ...(await containerNodeArgs('web'))],
        cwd: join(context.buildsDir, 'web'),
        env: { ...PRODUCTION, PORT: String(port), API_URL: context.apiUrl, ...context.env },
        port,
        healthPath: '/health',
        logFile,
      };
  }
}
