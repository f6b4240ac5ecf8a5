import { loadDatabaseConfig } from '@iac-experiment/db';
import {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  type TestDatabase,
} from '@iac-experiment/db/testing';
import { pino } from 'pino';
import { migrations as allMigrations } from '../migrations/index.js';
import { type MigrationClass, runMigrations } from '../runner/run-migrations.js';

export interface CreateMigratedDatabaseOptions extends Omit<CreateTestDatabaseOptions, 'setUp'> {
  /** Migrations to apply; default all of them. */
  migrations?: MigrationClass[];
}

/** A fresh test database (see `@iac-experiment/db/testing`) whose schema the real migration runner built. */
export function createMigratedDatabase(options: CreateMigratedDatabaseOptions = {}): Promise<TestDatabase> {
  const { migrations = allMigrations, ...database } = options;
  return createTestDatabase({
    ...database,
    setUp: async (url) => {
      await runMigrations({
        config: loadDatabaseConfig({ DATABASE_URL: url }),
        migrations,
        logger: pino({ level: 'silent' }),
      });
    },
  });
}
