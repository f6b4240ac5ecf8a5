import { createTestDatabase, query, type TestDatabase } from '@iac-experiment/db/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runMigrator, startMigrator } from './support/migrator-process.js';

const ALTER = 'AlterMessages1795900000003';
const SLOW = 'TakeForever2999999999002';

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const hasFlaggedColumn = async (url: string) =>
  (
    await query(
      url,
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'messages' AND column_name = 'flagged'",
    )
  ).length === 1;

describe('migrations and locks (real Postgres, the migrator in its own process)', () => {
  let database: TestDatabase;
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    MIGRATION_LOCK_TIMEOUT_MS: '300',
    MIGRATION_LOCK_RETRIES: '2',
    MIGRATION_LOCK_RETRY_DELAY_MS: '200',
    ...extra,
  });

  beforeEach(async () => {
    database = await createTestDatabase({ prefix: 'migrator_locks' });
    expect((await runMigrator(env())).code).toBe(0);
  });

  afterEach(async () => {
    await database.drop();
  });

  it('gives up on a table lock a long transaction holds, retries, then fails clearly; queries are not stalled', async () => {
    const longTransaction = await connect(database.url);
    try {
      await longTransaction.query('BEGIN');
      await longTransaction.query('SELECT count(*) FROM messages');

      const run = startMigrator(env(), 'test/fixtures/alter-migrator.ts');
      await run.waitForLine(/waited longer than lock_timeout/);
      // While the migration retries, a reader (the api) still gets through within about one lock_timeout.
      const reader = await connect(database.url);
      const started = Date.now();
      await reader.query("SET statement_timeout = '5s'");
      await reader.query('SELECT count(*) FROM messages');
      const readerWaitedMs = Date.now() - started;
      await reader.end();
      const result = await run.exited;

      expect(readerWaitedMs).toBeLessThan(2_000);
      expect(result.code).toBe(1);
      const retries = result.lines.filter((line) => /waited longer than lock_timeout/.test(line.msg));
      expect(retries.map((line) => [line.migration, line.attempt])).toEqual([
        [ALTER, 1],
        [ALTER, 2],
      ]);
      expect(result.lines.at(-1)).toMatchObject({
        level: 'error',
        migration: ALTER,
        // The real migrations were applied before this run.
        kept: [],
        msg: `Migration ${ALTER} could not take its locks within 300 ms in 3 attempts (a long transaction holds them); rolled back`,
      });
    } finally {
      await longTransaction.end();
    }
    expect(await hasFlaggedColumn(database.url)).toBe(false);
  });

  it('applies the migration on a later attempt once the long transaction ends', async () => {
    const longTransaction = await connect(database.url);
    await longTransaction.query('BEGIN');
    await longTransaction.query('SELECT count(*) FROM messages');
    const run = startMigrator(
      env({ MIGRATION_LOCK_RETRY_DELAY_MS: '500' }),
      'test/fixtures/alter-migrator.ts',
    );
    await run.waitForLine(/waited longer than lock_timeout/);
    await longTransaction.query('COMMIT');
    await longTransaction.end();

    const result = await run.exited;

    expect(result.code).toBe(0);
    expect(result.lines.filter((l) => l.msg === 'migration applied').map((l) => l.migration)).toEqual([
      ALTER,
    ]);
    expect(await hasFlaggedColumn(database.url)).toBe(true);
  });

  it('stops and rolls back when the connection holding the advisory lock is killed', async () => {
    const run = startMigrator(env(), 'test/fixtures/slow-migrator.ts');
    await run.waitForLine((line) => line.msg === 'applying migration' && line.migration === SLOW);
    const [holder] = await query<{ pid: number }>(
      database.url,
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(holder).toBeDefined();
    const killed = Date.now();
    await query(database.url, `SELECT pg_terminate_backend(${Number(holder?.pid)})`);

    const result = await run.exited;

    expect(Date.now() - killed).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatchObject({
      level: 'error',
      migration: SLOW,
      msg: expect.stringMatching(
        new RegExp(`^Lost the connection holding the migration lock during ${SLOW}`),
      ),
    });
    const halfDone = await query(
      database.url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(halfDone).toEqual([]);
  });

  it('refuses an invalid lock setting at boot', async () => {
    const run = await runMigrator(env({ MIGRATION_LOCK_TIMEOUT_MS: 'soon' }));

    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatchObject({
      level: 'fatal',
      msg: 'invalid configuration',
      problems: [expect.stringMatching(/^MIGRATION_LOCK_TIMEOUT_MS: /)],
    });
  });
});
