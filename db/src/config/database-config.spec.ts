import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@iac-experiment/platform/config';
import { describe, expect, it } from '@jest/globals';
import { describeDatabaseConfig, loadDatabaseConfig } from './database-config.js';

const PASSWORD = 's3cr3t-p@ss';
const secret = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    engine: 'postgres',
    host: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
    port: 5432,
    dbname: 'app',
    username: 'postgres',
    password: PASSWORD,
    dbClusterIdentifier: 'cluster-x',
    ...fields,
  });

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadDatabaseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function caFile(content = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'db-config-spec-')), 'ca.pem');
  writeFileSync(file, content);
  return file;
}

describe('loadDatabaseConfig', () => {
  it('reads DATABASE_URL with decoded credentials and the documented defaults', () => {
    const config = loadDatabaseConfig({ DATABASE_URL: 'postgres://app%40x:p%2Fw@db.local:6543/my_db' });
    expect(config).toEqual({
      source: 'DATABASE_URL',
      host: 'db.local',
      port: 6543,
      database: 'my_db',
      user: 'app@x',
      password: 'p/w',
      ssl: { mode: 'off' },
      poolMax: 10,
      connectTimeoutMs: 750,
      statementTimeoutMs: 1000,
    });
  });

  it('defaults the port to 5432 and allows a URL without password', () => {
    const config = loadDatabaseConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1/postgres' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'postgres', password: undefined });
  });

  it('reads an RDS secret from DB_SECRET, ignoring extra keys and accepting a string port', () => {
    const config = loadDatabaseConfig({ DB_SECRET: secret({ port: '5433' }), DATABASE_SSL: 'require' });
    expect(config).toMatchObject({
      source: 'DB_SECRET',
      host: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
      port: 5433,
      database: 'app',
      user: 'postgres',
      password: PASSWORD,
      ssl: { mode: 'require' },
    });
  });

  it('reads pool size and timeouts', () => {
    const config = loadDatabaseConfig({
      DATABASE_URL: 'postgres://u@h/d',
      DATABASE_POOL_MAX: '25',
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      DATABASE_STATEMENT_TIMEOUT_MS: '4000',
    });
    expect(config).toMatchObject({ poolMax: 25, connectTimeoutMs: 1500, statementTimeoutMs: 4000 });
  });

  it('treats empty variables as unset', () => {
    const config = loadDatabaseConfig({
      DATABASE_URL: 'postgres://u@h/d',
      DB_SECRET: '',
      DATABASE_POOL_MAX: '',
    });
    expect(config.poolMax).toBe(10);
  });

  it('requires DATABASE_URL or DB_SECRET', () => {
    expect(configError({}).message).toMatch(/DATABASE_URL or DB_SECRET: one is required/);
  });

  it('rejects both DATABASE_URL and DB_SECRET at once', () => {
    expect(configError({ DATABASE_URL: 'postgres://u@h/d', DB_SECRET: secret() }).message).toMatch(
      /set only one of them/,
    );
  });

  it.each([
    ['not a url', /DATABASE_URL: is not a valid URL/],
    ['mysql://u:pw@h/d', /DATABASE_URL: must start with postgres:\/\//],
    ['postgres://u:pw@h', /DATABASE_URL: has no database name/],
    ['postgres://h:5432/d', /DATABASE_URL: has no user name/],
    [
      'postgres://u:pw@h/d?connect_timeout=5',
      /DATABASE_URL: query parameter connect_timeout is not supported/,
    ],
    ['postgres://u:pw@h/d?sslmode=prefer', /DATABASE_URL: sslmode must be one of disable, require/],
    ['postgres://u:pw@h/d?sslmode=require&sslmode=disable', /DATABASE_URL: sslmode must be one of/],
  ])('rejects DATABASE_URL=%s', (url, message) => {
    const error = configError({ DATABASE_URL: url });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('pw');
  });

  it('rejects a DB_SECRET that is not JSON without echoing it', () => {
    const error = configError({ DB_SECRET: `{"password": "${PASSWORD}", ` });
    expect(error.message).toMatch(/DB_SECRET: is not valid JSON/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('names each missing or bad DB_SECRET field without echoing the secret', () => {
    const error = configError({ DB_SECRET: secret({ host: undefined, dbname: undefined, port: 'x' }) });
    expect(error.problems).toEqual([
      expect.stringMatching(/^DB_SECRET\.host: /),
      expect.stringMatching(/^DB_SECRET\.port: /),
      expect.stringMatching(/^DB_SECRET\.dbname: /),
    ]);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('rejects a DB_SECRET that is JSON but not an object', () => {
    expect(configError({ DB_SECRET: '"just a string"' }).message).toMatch(/DB_SECRET: /);
  });

  it.each([
    [{ DATABASE_SSL: 'on' }, /DATABASE_SSL: Invalid option/],
    [{ DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX: /],
    [{ DATABASE_POOL_MAX: 'ten' }, /DATABASE_POOL_MAX: /],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '-1' }, /DATABASE_CONNECT_TIMEOUT_MS: /],
  ])('names the bad variable %j', (vars, message) => {
    expect(configError({ DATABASE_URL: 'postgres://u@h/d', ...vars }).message).toMatch(message);
  });

  describe('TLS', () => {
    it('is off by default outside production', () => {
      expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://u@h/d', NODE_ENV: 'development' }).ssl).toEqual({
        mode: 'off',
      });
    });

    it('verifies against the CA bundle by default in production', () => {
      const file = caFile();
      const config = loadDatabaseConfig({
        DB_SECRET: secret(),
        NODE_ENV: 'production',
        DATABASE_CA_FILE: file,
      });
      expect(config.ssl).toEqual({
        mode: 'verify',
        caFile: file,
        ca: expect.stringContaining('BEGIN CERTIFICATE'),
      });
    });

    it('looks for the RDS bundle at the default path in production', () => {
      const error = configError({ DB_SECRET: secret(), NODE_ENV: 'production' });
      expect(error.message).toMatch(
        /DATABASE_CA_FILE: cannot read \/etc\/ssl\/certs\/rds-global-bundle\.pem/,
      );
      expect(error.message).not.toContain(PASSWORD);
    });

    it('rejects verify with a CA file that holds no certificate', () => {
      expect(
        configError({
          DATABASE_URL: 'postgres://u@h/d',
          DATABASE_SSL: 'verify',
          DATABASE_CA_FILE: caFile('x'),
        }).message,
      ).toMatch(/DATABASE_CA_FILE: .* holds no PEM certificate/);
    });

    it('does not need the CA file for require, even in production', () => {
      const config = loadDatabaseConfig({
        DATABASE_URL: 'postgres://u@h/d',
        NODE_ENV: 'production',
        DATABASE_SSL: 'require',
        DATABASE_CA_FILE: '/nonexistent/ca.pem',
      });
      expect(config.ssl).toEqual({ mode: 'require' });
    });

    it('honours an explicit off in production', () => {
      expect(
        loadDatabaseConfig({ DATABASE_URL: 'postgres://u@h/d', NODE_ENV: 'production', DATABASE_SSL: 'off' })
          .ssl,
      ).toEqual({ mode: 'off' });
    });

    it.each([
      ['disable', 'off'],
      ['require', 'require'],
    ])("takes the URL's sslmode=%s as DATABASE_SSL=%s, even in production", (sslmode, mode) => {
      const config = loadDatabaseConfig({
        DATABASE_URL: `postgres://u@h/d?sslmode=${sslmode}`,
        NODE_ENV: 'production',
        DATABASE_CA_FILE: '/nonexistent/ca.pem',
      });
      expect(config.ssl).toEqual({ mode });
      expect(config).not.toHaveProperty('urlSslMode');
    });

    it.each(['verify-ca', 'verify-full'])('verifies against the CA file for sslmode=%s', (sslmode) => {
      const file = caFile();
      expect(
        loadDatabaseConfig({ DATABASE_URL: `postgres://u@h/d?sslmode=${sslmode}`, DATABASE_CA_FILE: file })
          .ssl,
      ).toMatchObject({ mode: 'verify', caFile: file });
    });

    it("accepts DATABASE_SSL alongside the URL's sslmode when they agree, and names both when not", () => {
      const url = 'postgres://u:pw@h/d?sslmode=require';
      expect(loadDatabaseConfig({ DATABASE_URL: url, DATABASE_SSL: 'require' }).ssl).toEqual({
        mode: 'require',
      });
      const error = configError({ DATABASE_URL: url, DATABASE_SSL: 'off' });
      expect(error.problems).toEqual([
        "DATABASE_SSL, DATABASE_URL: DATABASE_SSL=off disagrees with the URL's sslmode (which means require); set one of them",
      ]);
      expect(error.message).not.toContain('pw');
    });
  });

  it('describes the config for logs without the password', () => {
    const summary = describeDatabaseConfig(loadDatabaseConfig({ DB_SECRET: secret() }));
    expect(summary).toEqual({
      source: 'DB_SECRET',
      host: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
      port: 5432,
      database: 'app',
      user: 'postgres',
      ssl: 'off',
      poolMax: 10,
    });
    expect(JSON.stringify(summary)).not.toContain(PASSWORD);
  });
});
