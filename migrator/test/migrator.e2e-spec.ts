import { createTestDatabase, query, type TestDatabase, withClient } from '@iac-experiment/db/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { migrations } from '../src/migrations/index.js';
import { MIGRATION_LOCK_KEY } from '../src/runner/advisory-lock.js';
import { runMigrator, startMigrator } from './support/migrator-process.js';

const migrationNames = migrations.map((migration) => migration.name);

const appliedMigrations = (url: string) =>
  query<{ name: string }>(url, 'SELECT name FROM migrations ORDER BY id').then((rows) =>
    rows.map((r) => r.name),
  );

describe('migrator job (real entry point, own process)', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });

  beforeEach(async () => {
    database = await createTestDatabase({ prefix: 'migrator' });
  });

  afterEach(async () => {
    await database.drop();
  });

  it('applies every migration to an empty database, logging each as JSON, and exits 0', async () => {
    const run = await runMigrator(env());

    expect(run.code).toBe(0);
    expect(run.lines.filter((l) => l.msg === 'migration applied').map((l) => l.migration)).toEqual(
      migrationNames,
    );
    expect(run.lines.filter((l) => l.msg === 'applying migration').map((l) => l.migration)).toEqual(
      migrationNames,
    );
    expect(run.lines.at(-1)).toMatchObject({
      level: 'info',
      msg: 'migrations complete',
      applied: migrationNames.length,
    });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);

    const columns = await query(
      database.url,
      `SELECT column_name, data_type, character_maximum_length, datetime_precision, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = 'messages' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'uuid',
        character_maximum_length: null,
        datetime_precision: null,
        is_nullable: 'NO',
        column_default: 'gen_random_uuid()',
      },
      {
        column_name: 'content',
        data_type: 'character varying',
        character_maximum_length: 500,
        datetime_precision: null,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'created_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        datetime_precision: 3,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'updated_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        datetime_precision: 3,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'deleted_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        datetime_precision: 3,
        is_nullable: 'YES',
        column_default: null,
      },
    ]);
    const indexes = await query(
      database.url,
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages' ORDER BY indexname",
    );
    expect(indexes).toEqual([
      {
        indexname: 'IDX_messages_created_at_id_live',
        indexdef:
          'CREATE INDEX "IDX_messages_created_at_id_live" ON public.messages USING btree (created_at DESC, id DESC) WHERE (deleted_at IS NULL)',
      },
      {
        indexname: 'PK_messages',
        indexdef: 'CREATE UNIQUE INDEX "PK_messages" ON public.messages USING btree (id)',
      },
    ]);
  });

  it('connects through DB_SECRET (the RDS secret JSON Copilot injects) just as through DATABASE_URL', async () => {
    const url = new URL(database.url);
    const secret = {
      engine: 'postgres',
      host: url.hostname,
      port: Number(url.port || 5432),
      dbname: decodeURIComponent(url.pathname.slice(1)),
      username: decodeURIComponent(url.username),
      // The system Postgres trusts local connections and ignores it; an RDS secret always has one.
      password: decodeURIComponent(url.password) || 'unused',
      dbClusterIdentifier: 'test-cluster',
    };
    const run = await runMigrator({ DB_SECRET: JSON.stringify(secret), LOG_LEVEL: 'info' });

    expect(run.code).toBe(0);
    expect(run.lines.find((l) => l.msg === 'connecting')).toMatchObject({
      database: { source: 'DB_SECRET', database: secret.dbname },
    });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
  });

  it('is a no-op on an up-to-date database and still exits 0', async () => {
    expect((await runMigrator(env())).code).toBe(0);
    await query(database.url, "INSERT INTO messages (content) VALUES ('kept')");

    const again = await runMigrator(env());

    expect(again.code).toBe(0);
    expect(again.lines.some((l) => l.msg === 'migration applied')).toBe(false);
    expect(again.lines.at(-1)).toMatchObject({ msg: 'migrations complete', applied: 0 });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
    expect(await query(database.url, 'SELECT content FROM messages')).toEqual([{ content: 'kept' }]);
  });

  it('serializes concurrent migrators: both wait for the lock, one applies, both exit 0', async () => {
    // Hold the lock first so that both migrators are certainly running at the same time when it is released.
    await withClient(database.url, async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const first = startMigrator(env());
      const second = startMigrator(env());
      await Promise.all([first.waitForLine(/waiting/), second.waitForLine(/waiting/)]);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);

      const runs = await Promise.all([first.exited, second.exited]);

      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      const appliedBy = runs.map((run) => run.lines.filter((l) => l.msg === 'migration applied').length);
      expect(appliedBy.sort()).toEqual([0, migrationNames.length]);
    });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
  });

  it('two migrators started together both exit 0 and apply each migration once', async () => {
    const runs = await Promise.all([runMigrator(env()), runMigrator(env())]);

    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
  });

  it('exits non-zero when a migration fails, rolling it back and keeping the earlier ones', async () => {
    const run = await runMigrator(env(), 'test/fixtures/failing-migrator.ts');

    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatchObject({
      level: 'error',
      migration: 'BreakOnPurpose2999999999001',
      kept: migrationNames,
      msg: expect.stringMatching(/failed; its changes were rolled back/),
    });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
    const tables = await query<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['idempotency_keys', 'messages', 'migrations']);
  });

  it('stops waiting for the lock on SIGTERM: non-zero exit, nothing applied', async () => {
    await withClient(database.url, async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const run = startMigrator(env());
      await run.waitForLine(/waiting/);
      run.child.kill('SIGTERM');
      const result = await run.exited;

      expect(result.code).toBe(1);
      expect(result.lines.map((l) => l.msg)).toContain('migrator stopped before taking the lock');
    });
    const tables = await query(
      database.url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'messages'",
    );
    expect(tables).toEqual([]);
  });

  it('on SIGTERM during a migration cancels it: rolled back, earlier ones kept, non-zero exit', async () => {
    const run = startMigrator(env(), 'test/fixtures/slow-migrator.ts');
    await run.waitForLine(
      (line) => line.msg === 'applying migration' && line.migration === 'TakeForever2999999999002',
    );
    run.child.kill('SIGTERM');
    const result = await run.exited;

    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatchObject({
      level: 'error',
      migration: 'TakeForever2999999999002',
      kept: migrationNames,
    });
    expect(await appliedMigrations(database.url)).toEqual(migrationNames);
    const halfDone = await query(
      database.url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(halfDone).toEqual([]);
  });

  it('exits non-zero when the database cannot be reached, within seconds', async () => {
    const started = Date.now();
    const run = await runMigrator({
      DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:1/nowhere',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
    });

    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatchObject({ level: 'error', msg: 'migrator failed' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('migrator configuration errors at boot', () => {
  const password = 'Sup3r-s3cret-pw';

  it.each([
    ['no DATABASE_URL nor DB_SECRET', {}, /DATABASE_URL or DB_SECRET: one is required/],
    [
      'malformed DB_SECRET JSON',
      { DB_SECRET: `{"username":"app","password":"${password}"` },
      /DB_SECRET: is not valid JSON/,
    ],
    [
      'DB_SECRET missing fields',
      { DB_SECRET: JSON.stringify({ username: 'app', password }) },
      /DB_SECRET\.host: .*\n.*DB_SECRET\.port: .*\n.*DB_SECRET\.dbname: /,
    ],
    [
      'verify without a CA file',
      {
        DB_SECRET: JSON.stringify({ host: 'db', port: 5432, dbname: 'app', username: 'app', password }),
        NODE_ENV: 'production',
        DATABASE_CA_FILE: '/nonexistent/rds-ca.pem',
      },
      /DATABASE_CA_FILE: cannot read \/nonexistent\/rds-ca\.pem/,
    ],
    [
      'a bad DATABASE_SSL',
      { DATABASE_URL: `postgres://app:${password}@db/app`, DATABASE_SSL: 'yes' },
      /DATABASE_SSL: /,
    ],
  ])('%s: clear message, non-zero exit, no password in the output', async (_case, env, message) => {
    const run = await runMigrator(env);

    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({ level: 'fatal', msg: expect.stringMatching(message) });
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});

describe('migrator log format', () => {
  it('LOG_FORMAT=pretty writes readable lines (level, service, message) instead of JSON', async () => {
    const run = await runMigrator({ LOG_FORMAT: 'pretty' });

    expect(run.code).toBe(1);
    expect(run.lines).toEqual([]);
    expect(run.stdout).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] FATAL.*\(migrator\) Invalid database configuration:/,
    );
    expect(run.stdout).toMatch(/DATABASE_URL or DB_SECRET: one is required/);
  });

  it('refuses an unknown LOG_FORMAT at boot', async () => {
    const run = await runMigrator({ LOG_FORMAT: 'text' });

    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatchObject({
      level: 'fatal',
      msg: 'invalid configuration',
      problems: [expect.stringMatching(/^LOG_FORMAT: /)],
    });
  });
});
