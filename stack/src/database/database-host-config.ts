import { isAbsolute, join } from 'node:path';
import { type Env, loadConfig } from '@iac-experiment/platform/config';
import { z } from 'zod';
import type { DevConfig } from '../config.js';

// The contract between dev-database.ts and the embedded Postgres host process it starts: both sides here.

export interface DatabaseHostConfig {
  dataDir: string;
  port: number;
}

const databaseHostEnvSchema = z.object({
  DEV_DB_DATA_DIR: z.string().refine(isAbsolute, 'must be an absolute path'),
  DEV_DB_PORT: z.coerce.number().int().min(1).max(65_535),
});

/** The host's environment: the inherited tool variables and where to run Postgres. */
export function databaseHostEnv(config: DevConfig): Env {
  return {
    ...config.inheritedEnv,
    DEV_DB_DATA_DIR: join(config.dataDir, 'postgres'),
    DEV_DB_PORT: String(config.ports.database),
  };
}

/** Read once by the host at start. */
export function loadDatabaseHostConfig(env: Env): DatabaseHostConfig {
  const vars = loadConfig(databaseHostEnvSchema, env, 'embedded Postgres');
  return { dataDir: vars.DEV_DB_DATA_DIR, port: vars.DEV_DB_PORT };
}
