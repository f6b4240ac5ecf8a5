import { API_ANSWER_BUDGET_MS, WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import { ConfigError } from '@iac-experiment/platform/config';
import { describe, expect, it } from '@jest/globals';
import { WebConfig } from './web-config.js';

describe('WebConfig.fromEnv', () => {
  it('applies the documented defaults', () => {
    expect(WebConfig.fromEnv({})).toEqual({
      host: '0.0.0.0',
      port: 3001,
      metricsPort: 9465,
      apiUrl: 'http://localhost:3000',
      apiTimeoutMs: 2500,
      logLevel: 'info',
      logFormat: 'json',
      nodeEnv: undefined,
      writeLimitPerMinute: 60,
    });
  });

  it("by default waits for the api at least as long as the api's answer budget (one definition for both)", () => {
    expect(WebConfig.fromEnv({}).apiTimeoutMs).toBe(WEB_API_TIMEOUT_MS);
    expect(WEB_API_TIMEOUT_MS).toBeGreaterThan(API_ANSWER_BUDGET_MS);
  });

  it('reads and coerces every variable', () => {
    const config = WebConfig.fromEnv({
      PORT: '8081',
      METRICS_PORT: '9999',
      API_URL: 'http://api:3000/',
      API_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      WRITE_LIMIT_PER_MINUTE: '0',
    });

    expect(config).toEqual({
      port: 8081,
      metricsPort: 9999,
      apiUrl: 'http://api:3000',
      apiTimeoutMs: 1000,
      logLevel: 'debug',
      logFormat: 'pretty',
      nodeEnv: 'production',
      host: '127.0.0.1',
      writeLimitPerMinute: 0,
    });
  });

  it('treats empty variables as unset', () => {
    expect(WebConfig.fromEnv({ PORT: '', API_URL: '', NODE_ENV: '' })).toMatchObject({
      port: 3001,
      apiUrl: 'http://localhost:3000',
      nodeEnv: undefined,
    });
  });

  it.each([
    ['API_TIMEOUT_MS', '3001'],
    ['API_TIMEOUT_MS', '0'],
    ['API_TIMEOUT_MS', 'soon'],
    ['PORT', '70000'],
    ['METRICS_PORT', '-1'],
    ['API_URL', 'api:3000'],
    ['API_URL', 'ftp://api:3000'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'text'],
    ['WRITE_LIMIT_PER_MINUTE', '-5'],
    ['HOST', 'anywhere'],
    ['NODE_ENV', 'staging'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    let error: unknown;
    try {
      WebConfig.fromEnv({ [name]: value });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });
});
