import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Sql } from './sql.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'api_sql_helper' });
});

afterAll(async () => {
  await database?.drop();
});

describe('Sql (test helper)', () => {
  // Every suite ends with sql.close() then database.drop(), a DROP DATABASE ... WITH (FORCE). pool.end() resolves
  // before its connections have closed, so the drop can terminate one while it is still idle in the pool.
  it('survives the server ending an idle connection, and reconnects', async () => {
    const sql = new Sql(database.url);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const [backend] = await sql.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const terminated = await admin.query('SELECT pg_terminate_backend($1, 5000) AS ended', [backend?.pid]);
      expect(terminated.rows).toEqual([{ ended: true }]);
      await sleep(100); // the termination notice reaches the idle client
      expect(await sql.rows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await sql.close();
    }
  });
});
