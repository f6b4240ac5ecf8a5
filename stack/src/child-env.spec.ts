import { loadApiRoleConfig, loadDatabaseConfig } from '@iac-experiment/db';
import { describe, expect, it } from '@jest/globals';
import { apiDatabaseUrl, apiEnv, baseEnv, migratorEnv, webEnv } from './child-env.js';
import { loadDevConfig } from './config.js';

const LOCAL_DB = 'postgres://postgres:postgres@localhost:54320/iac_experiment';
const API_DB = apiDatabaseUrl(LOCAL_DB, 'generated-for-this-run');

/** A developer shell left with production settings, which must not reach the local stack. */
const hostileShell = {
  PATH: '/usr/local/bin:/usr/bin',
  HOME: '/home/dev',
  DB_SECRET: JSON.stringify({ host: 'prod.example', port: 5432, dbname: 'x', username: 'u', password: 'p' }),
  NODE_ENV: 'production',
  DATABASE_SSL: 'verify',
  DATABASE_CA_FILE: '/nowhere.pem',
  PORT: '1',
  METRICS_PORT: '2',
  API_URL: 'https://prod.example',
  NODE_OPTIONS: '--inspect',
};

describe('child environments', () => {
  const config = loadDevConfig(hostileShell, '/repo');
  const children = {
    build: baseEnv(config),
    migrator: migratorEnv(config, LOCAL_DB, API_DB),
    api: apiEnv(config, API_DB),
    web: webEnv(config),
  };

  it.each(Object.entries(children))('%s: none of the shell’s service settings, only its tools', (_, env) => {
    expect(env).toMatchObject({ PATH: hostileShell.PATH, HOME: hostileShell.HOME, NODE_ENV: 'development' });
    const { PATH: _path, HOME: _home, ...serviceSettings } = hostileShell;
    for (const [name, value] of Object.entries(serviceSettings))
      expect({ [name]: env[name] }).not.toEqual({ [name]: value });
    expect(env.DB_SECRET).toBeUndefined();
  });

  it('gives migrator and api the local database without TLS, as their own config reads it', () => {
    for (const env of [children.migrator, children.api]) {
      expect(loadDatabaseConfig(env)).toMatchObject({
        source: 'DATABASE_URL',
        host: 'localhost',
        port: 54320,
        ssl: { mode: 'off' },
      });
    }
  });

  it('runs the migrator as the owner and the api as the role the migrator makes for it (as in production)', () => {
    const migrator = loadDatabaseConfig(children.migrator);
    const api = loadDatabaseConfig(children.api);
    expect(migrator.user).toBe('postgres');
    expect(api).toMatchObject({ user: 'iac_experiment_api', password: 'generated-for-this-run' });
    expect(loadApiRoleConfig(children.migrator, migrator)).toEqual({
      source: 'API_DATABASE_URL',
      name: api.user,
      password: api.password,
      database: 'iac_experiment',
    });
  });

  it('names the role after the database, as a plain lower-case identifier of at most 63 characters', () => {
    expect(new URL(apiDatabaseUrl('postgres://u@h/My-App', 'p')).username).toBe('my_app_api');
    expect(new URL(apiDatabaseUrl('postgres://u@h/2024', 'p')).username).toBe('db_2024_api');
    expect(new URL(apiDatabaseUrl(`postgres://u@h/${'x'.repeat(63)}`, 'p')).username).toHaveLength(63);
  });

  it('gives api and web their configured ports, and web the local api', () => {
    expect(children.api).toMatchObject({ HOST: '127.0.0.1', PORT: '3000', METRICS_PORT: '9464' });
    expect(children.web).toMatchObject({
      HOST: '127.0.0.1',
      PORT: '3001',
      METRICS_PORT: '9465',
      API_URL: 'http://127.0.0.1:3000',
    });
    expect(children.web.DATABASE_URL).toBeUndefined();
  });

  it('leaves the write limit at its production default (on), as in production', () => {
    expect(children.api.WRITE_LIMIT_PER_MINUTE).toBeUndefined();
    expect(children.web.WRITE_LIMIT_PER_MINUTE).toBeUndefined();
  });
});
