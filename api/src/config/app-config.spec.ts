import { API_ANSWER_BUDGET_MS } from '@iac-experiment/platform';
import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigError } from './app-config.js';

const DATABASE_URL = 'postgres://app:s3cret@db.local:5432/app';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig.fromEnv', () => {
  it('applies the documented defaults', () => {
    const config = AppConfig.fromEnv({ DATABASE_URL });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      metricsPort: 9464,
      logLevel: 'info',
      logFormat: 'json',
      bodyLimitBytes: 16_384,
      writeLimitPerMinute: 60,
    });
    expect(config.database).toMatchObject({
      host: 'db.local',
      database: 'app',
      poolMax: 10,
      ssl: { mode: 'off' },
    });
  });

  it('reads ports and level; empty values count as unset; port 0 is allowed', () => {
    const config = AppConfig.fromEnv({
      DATABASE_URL,
      PORT: '0',
      METRICS_PORT: '',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
    });
    expect(config).toMatchObject({ port: 0, metricsPort: 9464, logLevel: 'warn', logFormat: 'pretty' });
  });

  it('takes the database from DB_SECRET too (the way Copilot injects it)', () => {
    const DB_SECRET = JSON.stringify({
      host: 'aurora',
      port: 5432,
      dbname: 'app',
      username: 'u',
      password: 'p',
    });
    expect(AppConfig.fromEnv({ DB_SECRET }).database).toMatchObject({ source: 'DB_SECRET', host: 'aurora' });
  });

  it('lists every problem at once, naming the variables but never the secret values', () => {
    const message = problemsOf({
      PORT: 'eighty',
      METRICS_PORT: '70000',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'text',
    });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/METRICS_PORT: /);
    expect(message).toMatch(/LOG_LEVEL: /);
    expect(message).toMatch(/LOG_FORMAT: /);
    expect(message).toMatch(/DATABASE_URL or DB_SECRET: one is required/);

    const withBadSecret = problemsOf({ DB_SECRET: '{"host":"h","password":"hunter2"' });
    expect(withBadSecret).toMatch(/DB_SECRET: is not valid JSON/);
    expect(withBadSecret).not.toContain('hunter2');
  });

  it('by default answers within the budget web waits for (pool wait, then one query with its margin)', () => {
    const config = AppConfig.fromEnv({ DATABASE_URL });
    expect(config.worstCaseAnswerMs).toBe(
      config.database.connectTimeoutMs + config.database.statementTimeoutMs + 500,
    );
    expect(config.worstCaseAnswerMs).toBeLessThanOrEqual(API_ANSWER_BUDGET_MS);
    const slow = AppConfig.fromEnv({ DATABASE_URL, DATABASE_STATEMENT_TIMEOUT_MS: '3000' });
    expect(slow.worstCaseAnswerMs).toBeGreaterThan(API_ANSWER_BUDGET_MS);
  });

  it('reads the write limit (0 turns it off) and the listening host', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL, WRITE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' })).toMatchObject(
      {
        host: '127.0.0.1',
        writeLimitPerMinute: 0,
      },
    );
    expect(problemsOf({ DATABASE_URL, WRITE_LIMIT_PER_MINUTE: '-1' })).toMatch(/WRITE_LIMIT_PER_MINUTE: /);
    expect(problemsOf({ DATABASE_URL, HOST: 'everywhere' })).toMatch(/HOST: /);
  });

  it('rejects the same port for the app and its metrics', () => {
    expect(problemsOf({ DATABASE_URL, PORT: '8000', METRICS_PORT: '8000' })).toMatch(
      /METRICS_PORT: must differ from PORT/,
    );
  });
});
