import { createTestDatabase, type TestDatabase } from '@iac-experiment/db/testing';
import pg from 'pg';
import { apiDatabaseUrl } from '../../src/child-env.js';

/**
 * A fresh database on `serverUrl` for a `yarn dev` run with DATABASE_URL set. `drop()` also drops the role the
 * migrator made there for the api: roles belong to the whole server and would outlive the database.
 */
export async function createDevDatabase(serverUrl: string, prefix: string): Promise<TestDatabase> {
  const database = await createTestDatabase({ serverUrl, prefix });
  const role = new URL(apiDatabaseUrl(database.url, 'unused')).username;
  return {
    ...database,
    drop: async () => {
      await database.drop();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
      } finally {
        await client.end();
      }
    },
  };
}
