import { join } from 'node:path';
import { ConfigError } from '@iac-experiment/platform/config';
import { describe, expect, it } from '@jest/globals';
import { loadDevConfig } from './config.js';

const root = '/repo';

describe('loadDevConfig', () => {
  it('defaults to the ports production and docs/local-development.md use, and .local/ for data', () => {
    expect(loadDevConfig({}, root)).toEqual({
      databaseUrl: undefined,
      ports: { router: 8080, api: 3000, web: 3001, apiMetrics: 9464, webMetrics: 9465, database: 54320 },
      dataDir: join(root, '.local'),
      logLevel: 'info',
      logFormat: 'json',
      noColor: false,
      repoRoot: root,
      inheritedEnv: {},
    });
  });

  it('keeps of the shell only what tools need, never the services’ own settings', () => {
    const config = loadDevConfig(
      {
        PATH: '/usr/bin',
        HOME: '/home/dev',
        LC_ALL: 'C.UTF-8',
        COREPACK_HOME: '/cache/corepack',
        DB_SECRET: '{"host":"prod"}',
        NODE_ENV: 'production',
        DATABASE_SSL: 'verify',
        PORT: '1',
        NODE_OPTIONS: '--inspect',
        PGHOST: 'prod.example',
      },
      root,
    );
    expect(config.inheritedEnv).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/dev',
      LC_ALL: 'C.UTF-8',
      COREPACK_HOME: '/cache/corepack',
    });
  });

  it('has the services log readable lines on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(loadDevConfig({}, root, { terminal: true }).logFormat).toBe('pretty');
    expect(loadDevConfig({}, root, { terminal: false }).logFormat).toBe('json');
    expect(loadDevConfig({ LOG_FORMAT: 'json' }, root, { terminal: true }).logFormat).toBe('json');
    expect(loadDevConfig({ LOG_FORMAT: 'pretty' }, root).logFormat).toBe('pretty');
    expect(() => loadDevConfig({ LOG_FORMAT: 'text' }, root)).toThrow(/LOG_FORMAT: /);
  });

  it('turns color off when NO_COLOR is set and not empty', () => {
    expect(loadDevConfig({ NO_COLOR: '1' }, root).noColor).toBe(true);
    expect(loadDevConfig({ NO_COLOR: '' }, root).noColor).toBe(false);
  });

  it('takes overrides; empty values count as unset; a relative data dir is relative to the repo', () => {
    const config = loadDevConfig(
      {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dev_check',
        DEV_ROUTER_PORT: '18080',
        DEV_API_PORT: '',
        DEV_DATA_DIR: 'tmp/dev-data',
        LOG_LEVEL: 'debug',
      },
      root,
    );
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/dev_check');
    expect(config.ports.router).toBe(18080);
    expect(config.ports.api).toBe(3000);
    expect(config.dataDir).toBe(join(root, 'tmp/dev-data'));
    expect(config.logLevel).toBe('debug');
  });

  it('names every bad variable', () => {
    const error = (() => {
      try {
        loadDevConfig({ DEV_WEB_PORT: '70000', DATABASE_URL: 'mysql://x@y/z', LOG_LEVEL: 'loud' }, root);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^DEV_WEB_PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: /m);
    expect(problems).toMatch(/^LOG_LEVEL: /m);
  });

  it('refuses two listeners on one port', () => {
    expect(() => loadDevConfig({ DEV_API_PORT: '3001' }, root)).toThrow(
      /ports must differ: api=3001, web=3001/,
    );
  });
});
