// `@iac-experiment/migrator/testing`, for test suites that need the real schema: never loaded by the job itself.
export { type CreateMigratedDatabaseOptions, createMigratedDatabase } from './migrated-database.js';
