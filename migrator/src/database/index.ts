// What api and the dev stack import as `@iac-experiment/migrator/database`: one database config for every service.
export { toDataSourceOptions, worstCaseQueryMs } from './connection-options.js';
export {
  type DatabaseConfig,
  DatabaseConfigError,
  type Env,
  loadDatabaseConfig,
} from './database-config.js';
