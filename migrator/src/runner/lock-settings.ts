import { type Env, integer, loadConfig } from '@iac-experiment/platform/config';
import { z } from 'zod';

/**
 * How long a migration statement may wait for a table lock, and how often a migration that timed out is tried again.
 * A DDL statement queued behind a long transaction blocks every later query on that table (the api's included) for
 * as long as it waits, so it must give up quickly, let the api through, and try again a little later.
 */
export interface MigrationLockSettings {
  /** Postgres `lock_timeout` of the migration connections, in ms. */
  lockTimeoutMs: number;
  /** Further attempts of a migration that failed on its lock timeout (55P03) before the run fails. */
  retries: number;
  /** Pause between attempts, in ms. */
  retryDelayMs: number;
}

const schema = z.object({
  MIGRATION_LOCK_TIMEOUT_MS: integer(5_000, 60_000, { min: 100 }),
  MIGRATION_LOCK_RETRIES: integer(3, 20, { min: 0 }),
  MIGRATION_LOCK_RETRY_DELAY_MS: integer(10_000, 300_000, { min: 0 }),
});

/** Reads the settings from the environment (empty means default); throws a `ConfigError` naming each bad one. */
export function loadMigrationLockSettings(env: Env): MigrationLockSettings {
  const vars = loadConfig(schema, env);
  return {
    lockTimeoutMs: vars.MIGRATION_LOCK_TIMEOUT_MS,
    retries: vars.MIGRATION_LOCK_RETRIES,
    retryDelayMs: vars.MIGRATION_LOCK_RETRY_DELAY_MS,
  };
}
