import { startTestPostgres, TEST_POSTGRES_URL_ENV, type TestPostgres } from './test-postgres.js';

// On globalThis: jest's global setup and teardown share the process, not necessarily a module instance.
const state = globalThis as typeof globalThis & { __iacExperimentTestPostgres?: TestPostgres };

/**
 * One Postgres for a whole jest run (DATABASE_URL's, else embedded). Test processes find it in TEST_POSTGRES_URL,
 * which `createTestDatabase()` uses. Called from jest/global-setup.js.
 */
export async function setUpGlobalTestPostgres(): Promise<void> {
  const server = await startTestPostgres(process.env);
  state.__iacExperimentTestPostgres = server;
  process.env[TEST_POSTGRES_URL_ENV] = server.url;
}

export async function tearDownGlobalTestPostgres(): Promise<void> {
  await state.__iacExperimentTestPostgres?.stop();
  state.__iacExperimentTestPostgres = undefined;
}
