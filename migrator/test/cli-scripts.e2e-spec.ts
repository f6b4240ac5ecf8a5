import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { query, type TestDatabase } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrations } from '../src/migrations/index.js';
import { createMigratedDatabase } from '../src/testing/index.js';

const workspace = fileURLToPath(new URL('../', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../src/migrations/', import.meta.url));
const migrationNames = migrations.map((migration) => migration.name);
const [initial] = migrationNames;
const lastMigration = migrationNames.at(-1);

/** Variables of the test process that would change what the scripts connect to or how Node starts. */
const NOT_INHERITED = /^(DATABASE_|DB_SECRET$|NODE_OPTIONS$|NODE_ENV$|TEST_POSTGRES_URL$)/;

/** Runs `yarn <script> [...args]` in the workspace, as a developer does, against `databaseUrl`. */
function yarnScript(databaseUrl: string, script: string, ...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.test(name)));
  const child = spawn('yarn', [script, ...args], {
    cwd: workspace,
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('migrator CLI scripts (yarn, in their own processes)', () => {
  let database: TestDatabase;

  const appliedMigrations = async () =>
    (await query<{ name: string }>(database.url, 'SELECT name FROM migrations ORDER BY id')).map(
      (row) => row.name,
    );
  /** The application's tables, columns and indexes (everything but TypeORM's bookkeeping). */
  const schema = async () => ({
    columns: await query(
      database.url,
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name, ordinal_position`,
    ),
    indexes: await query(
      database.url,
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY indexname",
    ),
  });

  beforeAll(async () => {
    database = await createMigratedDatabase({ prefix: 'cli' });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('migration:show lists the migrations as applied and exits 0', async () => {
    const run = await yarnScript(database.url, 'migration:show');

    expect(run).toMatchObject({ code: 0, output: expect.stringContaining(`[X] 1 ${initial}`) });
  });

  it('migration:generate finds no difference between the api entities and the migrations, writes nothing', async () => {
    const before = await readdir(migrationsDir);

    const run = await yarnScript(database.url, 'migration:generate', 'Probe');

    // TypeORM exits 1 when there is nothing to generate.
    expect(run).toMatchObject({
      code: 1,
      output: expect.stringContaining('No changes in database schema were found'),
    });
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it('migration:create rejects a name that is not PascalCase, writing nothing', async () => {
    const before = await readdir(migrationsDir);

    const run = await yarnScript(database.url, 'migration:create', 'not-pascal');

    expect(run).toMatchObject({ code: 2, output: expect.stringContaining('usage: yarn migration:create') });
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it('migrate:revert reverts the last migration, and migrate applies it again', async () => {
    const migrated = await schema();

    const revert = await yarnScript(database.url, 'migrate:revert');

    expect(revert).toMatchObject({
      code: 0,
      output: expect.stringContaining(`Migration ${lastMigration} has been reverted successfully`),
    });
    expect(await appliedMigrations()).toEqual(migrationNames.slice(0, -1));
    const reverted = await schema();
    expect(reverted).not.toEqual(migrated);
    // While the initial migration is the only one, reverting it leaves no application table at all.
    if (migrations.length === 1) expect(reverted).toEqual({ columns: [], indexes: [] });

    const migrate = await yarnScript(database.url, 'migrate');

    expect(migrate.code).toBe(0);
    expect(await appliedMigrations()).toEqual(migrationNames);
    expect(await schema()).toEqual(migrated);
  });
});
