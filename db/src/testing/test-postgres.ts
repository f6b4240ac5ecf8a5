import { startTemporaryServer } from '../local-postgres/temporary-server.js';

/** Set by the jest globalSetup below for the test processes: URL of the server tests create databases on. */
export const TEST_POSTGRES_URL_ENV = 'TEST_POSTGRES_URL';

export interface TestPostgres {
  /** A URL on the server (its path names a database tests can connect to as administrator). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The Postgres server for a test run: the one `DATABASE_URL` points at when set (e.g. the system Postgres in CI),
 * otherwise a fresh embedded Postgres of the production major, deleted by `stop()`.
 */
export async function startTestPostgres(
  env: Record<string, string | undefined> = process.env,
): Promise<TestPostgres> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startTemporaryServer({ settings: { max_connections: 300 } });
  return { url: server.url, embedded: true, stop: () => server.destroy() };
}

let inProcess: Promise<TestPostgres> | undefined;

/**
 * The URL of this run's test server: the globalSetup's, else DATABASE_URL, else an embedded server started once
 * for this process (fallback when no globalSetup is configured; stopped when the process exits).
 */
export async function testPostgresUrl(): Promise<string> {
  const fromSetup = process.env[TEST_POSTGRES_URL_ENV] || process.env.DATABASE_URL;
  if (fromSetup) return fromSetup;
  inProcess ??= startTestPostgres({});
  return (await inProcess).url;
}
