import { describe, expect, it } from '@jest/globals';
import { createTestDatabase, query, startOwnedPostgres, testPostgresUrl } from '../src/testing/index.js';

const publicTables = async (url: string) =>
  (
    await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
  ).map((table) => table.table_name);

describe('test helpers', () => {
  it('createTestDatabase gives a fresh empty database, setUp fills it, and drop() removes it', async () => {
    const empty = await createTestDatabase({ prefix: 'helpers' });
    const filled = await createTestDatabase({
      prefix: 'helpers',
      setUp: (url) => query(url, 'CREATE TABLE notes (id int)').then(() => undefined),
    });
    try {
      expect(empty.name).not.toBe(filled.name);
      expect(await publicTables(empty.url)).toEqual([]);
      expect(await publicTables(filled.url)).toEqual(['notes']);
    } finally {
      await filled.drop();
    }
    await empty.drop();
    const left = await query(
      await testPostgresUrl(),
      `SELECT 1 FROM pg_database WHERE datname IN ('${empty.name}', '${filled.name}')`,
    );
    expect(left).toHaveLength(0);
  });

  it('createTestDatabase drops the database again when setUp fails', async () => {
    let name = '';
    await expect(
      createTestDatabase({
        prefix: 'helpers_failing',
        setUp: async (url) => {
          name = decodeURIComponent(new URL(url).pathname.slice(1));
          throw new Error('schema failed');
        },
      }),
    ).rejects.toThrow('schema failed');
    expect(name).toMatch(/^helpers_failing_/);
    expect(
      await query(await testPostgresUrl(), `SELECT 1 FROM pg_database WHERE datname = '${name}'`),
    ).toEqual([]);
  });

  it('startOwnedPostgres stops and comes back on the same port with the same data', async () => {
    const owned = await startOwnedPostgres();
    try {
      const database = await createTestDatabase({ serverUrl: owned.url });
      await query(database.url, 'CREATE TABLE notes (content text)');
      await query(database.url, "INSERT INTO notes (content) VALUES ('survives a restart')");
      await owned.stop();
      await expect(query(database.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await owned.start();
      const rows = await query<{ content: string }>(database.url, 'SELECT content FROM notes');
      expect(rows).toEqual([{ content: 'survives a restart' }]);
    } finally {
      await owned.destroy();
    }
  });
});
