import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, startOwnedPostgres, testPostgresUrl } from '../src/testing/index.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('test helpers', () => {
  it('createTestDatabase gives a fresh migrated database and drop() removes it', async () => {
    const database = await createTestDatabase({ prefix: 'helpers' });
    const tables = await query<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['idempotency_keys', 'messages', 'migrations']);
    await database.drop();
    const left = await query(
      await testPostgresUrl(),
      `SELECT 1 FROM pg_database WHERE datname = '${database.name}'`,
    );
    expect(left).toHaveLength(0);
  });

  it('startOwnedPostgres stops and comes back on the same port with the same data', async () => {
    const owned = await startOwnedPostgres();
    try {
      const database = await createTestDatabase({ serverUrl: owned.url });
      await query(database.url, "INSERT INTO messages (content) VALUES ('survives a restart')");
      await owned.stop();
      await expect(query(database.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await owned.start();
      const rows = await query<{ content: string }>(database.url, 'SELECT content FROM messages');
      expect(rows).toEqual([{ content: 'survives a restart' }]);
    } finally {
      await owned.destroy();
    }
  });
});
