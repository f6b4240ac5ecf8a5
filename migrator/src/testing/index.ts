// `@iac-experiment/migrator/testing`, for test suites that need the real schema: never loaded by the job itself.
export {
  type CreateMigratedDatabaseOptions,
  createMigratedDatabase,
  type MigratedDatabase,
} from './migrated-database.js';
