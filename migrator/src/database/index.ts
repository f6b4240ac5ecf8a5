export type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
export {
  type ConnectionTuning,
  IDLE_IN_TRANSACTION_TIMEOUT_MS,
  toDataSourceOptions,
  toPgPoolConfig,
  toSslOptions,
} from './connection-options.js';
export {
  DATABASE_SSL_MODES,
  type DatabaseConfig,
  DatabaseConfigError,
  type DatabaseSsl,
  type DatabaseSslMode,
  DEFAULT_CA_FILE,
  databaseEnvSchema,
  describeDatabaseConfig,
  type Env,
  loadDatabaseConfig,
} from './database-config.js';
export { tlsFailureHint } from './tls-failure-hint.js';
