import { describe, expect, it } from '@jest/globals';
import { toDataSourceOptions, toPgPoolConfig } from './connection-options.js';
import type { DatabaseConfig } from './database-config.js';

const config: DatabaseConfig = {
  source: 'DATABASE_URL',
  host: 'db.local',
  port: 5432,
  database: 'app',
  user: 'app',
  password: 'pw',
  ssl: { mode: 'off' },
  poolMax: 10,
  connectTimeoutMs: 2000,
  statementTimeoutMs: 3000,
};

describe('toPgPoolConfig', () => {
  it('bounds connecting, queries and idle transactions so a dead database fails fast', () => {
    expect(toPgPoolConfig(config)).toEqual({
      host: 'db.local',
      port: 5432,
      database: 'app',
      user: 'app',
      password: 'pw',
      ssl: false,
      max: 10,
      connectionTimeoutMillis: 2000,
      statement_timeout: 3000,
      query_timeout: 3500,
      idle_in_transaction_session_timeout: 10_000,
      keepAlive: true,
      application_name: undefined,
    });
  });

  it('applies tuning; a statement timeout of 0 disables both timeouts', () => {
    const pool = toPgPoolConfig(config, { poolMax: 2, statementTimeoutMs: 0, applicationName: 'migrator' });
    expect(pool).toMatchObject({
      max: 2,
      statement_timeout: 0,
      query_timeout: undefined,
      application_name: 'migrator',
    });
  });

  it('maps require to TLS without verification and verify to TLS pinned to the CA bundle', () => {
    expect(toPgPoolConfig({ ...config, ssl: { mode: 'require' } }).ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(toPgPoolConfig({ ...config, ssl: { mode: 'verify', caFile: '/ca.pem', ca: 'PEM' } }).ssl).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM',
    });
  });
});

describe('toDataSourceOptions', () => {
  it('never synchronizes or runs migrations, has no entities and passes pool settings through extra', () => {
    const options = toDataSourceOptions({ ...config, ssl: { mode: 'require' } });
    expect(options).toEqual({
      type: 'postgres',
      host: 'db.local',
      port: 5432,
      database: 'app',
      username: 'app',
      password: 'pw',
      ssl: { rejectUnauthorized: false },
      entities: [],
      synchronize: false,
      migrationsRun: false,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      extra: {
        max: 10,
        connectionTimeoutMillis: 2000,
        statement_timeout: 3000,
        query_timeout: 3500,
        idle_in_transaction_session_timeout: 10_000,
        keepAlive: true,
        application_name: undefined,
      },
    });
  });
});
