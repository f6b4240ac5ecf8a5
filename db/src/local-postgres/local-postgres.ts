import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedServer } from './embedded-server.js';

/** The repository's ignored `.local/postgres` (same depth from src/ and dist/). */
export const DEFAULT_LOCAL_DATA_DIR = fileURLToPath(new URL('../../../.local/postgres', import.meta.url));
export const DEFAULT_LOCAL_PORT = 54320;
export const DEFAULT_LOCAL_DATABASE = 'iac_experiment';

export interface LocalPostgresOptions {
  dataDir?: string;
  /** Fixed by default so the URL stays the same between runs. */
  port?: number;
  database?: string;
  onLog?: (line: string) => void;
}

export interface LocalPostgres {
  /** URL of the application database (created on first start). */
  url: string;
  server: EmbeddedServer;
  stop(): Promise<void>;
}

/**
 * The persistent Postgres behind `yarn dev`: data kept between runs, durable writes, a leftover postmaster from a
 * killed run stopped first. The schema is the migrator's job: run it against `url` afterwards.
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const database = options.database ?? DEFAULT_LOCAL_DATABASE;
  const server = await startEmbeddedServer({
    dataDir: options.dataDir ?? DEFAULT_LOCAL_DATA_DIR,
    port: options.port ?? DEFAULT_LOCAL_PORT,
    durable: true,
    onLog: options.onLog,
  });
  try {
    await createDatabaseIfMissing(server.url, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.urlFor(database), server, stop: () => server.stop() };
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
