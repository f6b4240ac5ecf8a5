import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryRunner } from 'typeorm';

/** Key of the session-level advisory lock every migrator takes before touching the schema. */
export const MIGRATION_LOCK_KEY = 7_395_114_921_020_406n;
const RETRY_INTERVAL_MS = 500;

/**
 * Takes the migration lock on the given dedicated connection, polling so that a waiting migrator can be told to
 * give up (SIGTERM) and can say that it waits. Returns false when aborted before the lock was taken.
 */
export async function acquireMigrationLock(
  connection: QueryRunner,
  { signal, onWait }: { signal?: AbortSignal; onWait?: () => void },
): Promise<boolean> {
  let waited = false;
  while (!signal?.aborted) {
    const [{ locked }] = await connection.query('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY.toString(),
    ]);
    if (locked) return true;
    if (!waited) onWait?.();
    waited = true;
    await sleep(RETRY_INTERVAL_MS, undefined, { signal }).catch(() => undefined);
  }
  return false;
}

export async function releaseMigrationLock(connection: QueryRunner): Promise<void> {
  await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
}
