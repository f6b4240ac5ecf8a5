import { randomBytes } from 'node:crypto';
import { loadDatabaseConfig } from '@iac-experiment/db';
import {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  type TestDatabase,
  testPostgresUrl,
} from '@iac-experiment/db/testing';
import pg from 'pg';
import { pino } from 'pino';
import { migrations as allMigrations } from '../migrations/index.js';
import { type MigrationClass, runMigrations } from '../runner/run-migrations.js';

export interface CreateMigratedDatabaseOptions extends Omit<CreateTestDatabaseOptions, 'setUp'> {
  /** Migrations to apply; default all of them. */
  migrations?: MigrationClass[];
}

export interface MigratedDatabase extends TestDatabase {
  /** DATABASE_URL for the api under test: its own login role, as the migrator made it (as in production). */
  apiUrl: string;
  /** That role's name: unique to this database, since roles belong to the whole server. */
  apiRole: string;
}

/**
 * A fresh test database (see `@iac-experiment/db/testing`) whose schema the real migration runner built, with the
 * api's restricted role. `url` is the owner's (to arrange and check data), `apiUrl` the api's. `drop()` also drops
 * the role.
 */
export async function createMigratedDatabase(
  options: CreateMigratedDatabaseOptions = {},
): Promise<MigratedDatabase> {
  const { migrations = allMigrations, ...database } = options;
  const serverUrl = database.serverUrl ?? (await testPostgresUrl());
  let apiUrl = '';
  let apiRole = '';
  const created = await createTestDatabase({
    ...database,
    serverUrl,
    setUp: async (url) => {
      const config = loadDatabaseConfig({ DATABASE_URL: url });
      apiRole = `${config.database}_api`;
      apiUrl = withUser(url, apiRole, randomBytes(16).toString('hex'));
      await runMigrations({
        config,
        migrations,
        logger: pino({ level: 'silent' }),
        apiRole: {
          source: 'API_DATABASE_URL',
          name: apiRole,
          password: passwordOf(apiUrl),
          database: config.database,
        },
      }).catch(async (error: unknown) => {
        await dropRole(serverUrl, apiRole).catch(() => undefined);
        throw error;
      });
    },
  });
  return {
    ...created,
    apiUrl,
    apiRole,
    drop: async () => {
      await created.drop();
      await dropRole(serverUrl, apiRole);
    },
  };
}

function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

/** After the database is gone the role owns and holds nothing, so it can go too. */
async function dropRole(serverUrl: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
  } finally {
    await client.end();
  }
}
