// Dev-only DataSource for `migration:generate`: the migrations plus the api's entities, loaded from the api's
// source, so TypeORM can diff the entities against a database the migrations built.
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { loadDatabaseConfig, toDataSourceOptions } from '@iac-experiment/db';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';

export const API_ENTITIES = fileURLToPath(new URL('../../../api/src/**/*.entity.ts', import.meta.url));

export default new DataSource({
  ...toDataSourceOptions(loadDatabaseConfig(process.env), { poolMax: 2, statementTimeoutMs: 0 }),
  entities: [API_ENTITIES],
  migrations,
});
