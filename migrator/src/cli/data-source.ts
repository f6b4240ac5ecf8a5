// Dev-only DataSource for the TypeORM CLI (`migration:show`, `migrate:revert`), configured like the job.
// Not part of the build: the job's entry point is src/main.ts.
import 'reflect-metadata';
import { loadDatabaseConfig, toDataSourceOptions } from '@iac-experiment/db';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';

export default new DataSource({
  ...toDataSourceOptions(loadDatabaseConfig(process.env), { poolMax: 2, statementTimeoutMs: 0 }),
  migrations,
  migrationsTransactionMode: 'each',
});
