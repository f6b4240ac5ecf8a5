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

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  MIGRATION_LOCK_TIMEOUT_MS: integer(100, 60_000, 5_000),
  MIGRATION_LOCK_RETRIES: integer(0, 20, 3),
  MIGRATION_LOCK_RETRY_DELAY_MS: integer(0, 300_000, 10_000),
});

/** Reads the settings from the environment (empty means default); returns the problems if invalid. */
export function loadMigrationLockSettings(
  env: Record<string, string | undefined>,
): { settings: MigrationLockSettings } | { problems: string[] } {
  const present = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success)
    return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  return {
    settings: {
      lockTimeoutMs: parsed.data.MIGRATION_LOCK_TIMEOUT_MS,
      retries: parsed.data.MIGRATION_LOCK_RETRIES,
      retryDelayMs: parsed.data.MIGRATION_LOCK_RETRY_DELAY_MS,
    },
  };
}
