export { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from './embedded-server.js';
export { findFreePort } from './free-port.js';
export { stopLeftoverPostmaster } from './leftover-postmaster.js';
export {
  DEFAULT_LOCAL_DATA_DIR,
  DEFAULT_LOCAL_DATABASE,
  DEFAULT_LOCAL_PORT,
  type LocalPostgres,
  type LocalPostgresOptions,
  startLocalPostgres,
} from './local-postgres.js';
export { startTemporaryServer, type TemporaryServer } from './temporary-server.js';
