// Test helpers (dev/test only): test Postgres servers and throwaway databases. Never loaded by a service.

export { type OwnedPostgres, startOwnedPostgres } from './owned-postgres.js';
export { query, withClient } from './query.js';
export {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  databaseUrl,
  type TestDatabase,
} from './test-database.js';
export {
  startTestPostgres,
  TEST_POSTGRES_URL_ENV,
  type TestPostgres,
  testPostgresUrl,
} from './test-postgres.js';
