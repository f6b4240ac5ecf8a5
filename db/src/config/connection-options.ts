import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from './database-config.js';

/** Per-consumer adjustments on top of the shared config (the migrator, for one, must not time out DDL). */
export interface ConnectionTuning {
  poolMax?: number;
  /** `statement_timeout` in ms; 0 disables it. */
  statementTimeoutMs?: number;
  applicationName?: string;
}

/** A transaction left idle this long holds locks for nothing: the server ends the session. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;
/** Client-side margin over the server-side statement timeout, so the server's clearer error normally wins. */
export const QUERY_TIMEOUT_MARGIN_MS = 500;

export function toSslOptions(config: DatabaseConfig): false | TlsConnectionOptions {
  switch (config.ssl.mode) {
    case 'off':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify':
      return { rejectUnauthorized: true, ca: config.ssl.ca };
  }
}

/** The longest one query can take from asking the pool for a connection to its answer (or its timeout). */
export function worstCaseQueryMs(
  config: Pick<DatabaseConfig, 'connectTimeoutMs' | 'statementTimeoutMs'>,
): number {
  return config.connectTimeoutMs + config.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS;
}

/**
 * node-postgres pool settings. `connectionTimeoutMillis` bounds both opening a connection and waiting for a free
 * one; `statement_timeout`/`query_timeout` bound a query on a server that stops answering.
 */
export function toPgPoolConfig(config: DatabaseConfig, tuning: ConnectionTuning = {}): PoolConfig {
  const statementTimeoutMs = tuning.statementTimeoutMs ?? config.statementTimeoutMs;
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: toSslOptions(config),
    max: tuning.poolMax ?? config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs > 0 ? statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : undefined,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    keepAlive: true,
    application_name: tuning.applicationName,
  };
}

/**
 * TypeORM options for a Postgres DataSource: no entities (the caller adds its own), never synchronize, never run
 * migrations on connect. Ids are generated with core Postgres `gen_random_uuid()`, so no extension is installed.
 */
export function toDataSourceOptions(
  config: DatabaseConfig,
  tuning: ConnectionTuning = {},
): PostgresDataSourceOptions {
  const { host, port, database, user, password, ssl, ...extra } = toPgPoolConfig(config, tuning);
  return {
    type: 'postgres',
    host,
    port,
    database,
    username: user,
    password: typeof password === 'string' ? password : undefined,
    ssl: ssl as PostgresDataSourceOptions['ssl'],
    entities: [],
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra,
  };
}
