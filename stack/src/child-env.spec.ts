import { loadDatabaseConfig } from '@iac-experiment/db';
import { describe, expect, it } from '@jest/globals';
import { apiEnv, baseEnv, migratorEnv, webEnv } from './child-env.js';
import { loadDevConfig } from './config.js';

const LOCAL_DB = 'postgres://postgres:postgres@localhost:54320/iac_experiment';

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
    migrator: migratorEnv(config, LOCAL_DB),
    api: apiEnv(config, LOCAL_DB),
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
