import { ConfigError } from '@iac-experiment/platform/config';
import { describe, expect, it } from '@jest/globals';
import { loadDevConfig } from '../config.js';
import { databaseHostEnv, loadDatabaseHostConfig } from './database-host-config.js';

describe('the embedded Postgres host’s config', () => {
  it('reads back what dev-database.ts passes it, and nothing of the shell but its tools', () => {
    const config = loadDevConfig({ PATH: '/usr/bin', DEV_DB_PORT: '54999', PGDATA: '/elsewhere' }, '/repo');
    const env = databaseHostEnv(config);
    expect(env.PGDATA).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
    expect(loadDatabaseHostConfig(env)).toEqual({ dataDir: '/repo/.local/postgres', port: 54999 });
  });

  it('names each missing or bad variable', () => {
    expect(() => loadDatabaseHostConfig({})).toThrow(ConfigError);
    expect(() => loadDatabaseHostConfig({ DEV_DB_DATA_DIR: 'relative', DEV_DB_PORT: 'x' })).toThrow(
      /DEV_DB_DATA_DIR: must be an absolute path[\s\S]*DEV_DB_PORT: /,
    );
  });
});
