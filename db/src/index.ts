// `@iac-experiment/db`: the database configuration every service reads (api, migrator, the dev stack).
// Test helpers and the embedded Postgres have their own entry points, so a production image never loads them.
export { type ApiRoleConfig, loadApiRoleConfig } from './config/api-role-config.js';
export { toDataSourceOptions, toPgPoolConfig, worstCaseQueryMs } from './config/connection-options.js';
export {
  type DatabaseConfig,
  describeDatabaseConfig,
  loadDatabaseConfig,
} from './config/database-config.js';
export { tlsFailureHint } from './config/tls-failure-hint.js';
