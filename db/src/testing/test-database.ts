import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from './test-postgres.js';

export interface TestDatabase {
  name: string;
  /** DATABASE_URL for the app under test. */
  url: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Server to create it on (e.g. a `startOwnedPostgres()` one); default: this run's test server. */
  serverUrl?: string;
  /** Readable part of the name. */
  prefix?: string;
  /** Builds the schema in the new database (the migrator's `createMigratedDatabase` passes its migrations). */
  setUp?: (databaseUrl: string) => Promise<void>;
}

/** A fresh, uniquely named database, empty unless `setUp` fills it. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? (await testPostgresUrl());
  const prefix = (options.prefix ?? 'test')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = databaseUrl(serverUrl, name);
  const drop = () =>
    admin(serverUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
    );
  try {
    await options.setUp?.(url);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { name, url, drop: async () => void (await drop()) };
}

/** The same server and credentials, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
