import { createTestDatabase, type TestDatabase } from '@iac-experiment/db/testing';
import { migrations } from '@iac-experiment/migrator/migrations';
import { createMigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { entities } from '../src/database/entities.js';
import { Sql } from './support/sql.js';
import { startTestApi } from './support/test-api.js';

// The api never synchronizes: the migrator's migrations own the schema. This diff fails when an entity and the
// migrations disagree (a column, type, nullability, default, index or key added to one and not the other).
describe('entities match the migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createMigratedDatabase({ prefix: 'api_schema' });
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities, uuidExtension: 'pgcrypto' });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('TypeORM finds nothing to change after all migrations are applied', async () => {
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    expect(sqlInMemory.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('applies every migration the migrator ships', async () => {
    const applied = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(
      migrations.map((migration) => migration.name),
    );
  });

  it('the list query is served by the partial index', async () => {
    // An empty table would be scanned sequentially; the question is whether the index can serve the query.
    const runner = dataSource.createQueryRunner();
    let plan: Array<{ 'QUERY PLAN': string }>;
    try {
      await runner.query('SET enable_seqscan = off');
      plan = await runner.query(
        `EXPLAIN SELECT id, content, created_at, updated_at FROM messages
         WHERE deleted_at IS NULL AND (created_at, id) < (now(), gen_random_uuid())
         ORDER BY created_at DESC, id DESC LIMIT 51`,
      );
    } finally {
      await runner.release();
    }
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
      /Index (Only )?Scan using "?IDX_messages_created_at_id_live/,
    );
  });
});

describe('the api leaves the schema to the migrator', () => {
  it('booted on an empty database, it neither synchronizes nor migrates: no table appears', async () => {
    const empty = await createTestDatabase({ prefix: 'api_no_sync' });
    const sql = new Sql(empty.url);
    const api = await startTestApi(empty.url);
    try {
      expect(api.app.get(DataSource).options).toMatchObject({ synchronize: false, migrationsRun: false });
      await request(api.server).get('/api/health').expect(200);
      const tables = await sql.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables).toEqual([]);
    } finally {
      await api.close();
      await sql.close();
      await empty.drop();
    }
  });
});
