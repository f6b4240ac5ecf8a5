import { API_ANSWER_BUDGET_MS, WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import { describe, expect, it } from '@jest/globals';
import { loadWebConfig, WebConfigError } from './web-config.js';

describe('loadWebConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadWebConfig({})).toEqual({
      HOST: '0.0.0.0',
      PORT: 3001,
      METRICS_PORT: 9465,
      API_URL: 'http://localhost:3000',
      API_TIMEOUT_MS: 2500,
      LOG_LEVEL: 'info',
      NODE_ENV: undefined,
      WRITE_LIMIT_PER_MINUTE: 60,
    });
  });

  it("by default waits for the api at least as long as the api's answer budget (one definition for both)", () => {
    expect(loadWebConfig({}).API_TIMEOUT_MS).toBe(WEB_API_TIMEOUT_MS);
    expect(WEB_API_TIMEOUT_MS).toBeGreaterThan(API_ANSWER_BUDGET_MS);
  });

  it('reads and coerces every variable', () => {
    const config = loadWebConfig({
      PORT: '8081',
      METRICS_PORT: '9999',
      API_URL: 'http://api:3000/',
      API_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      WRITE_LIMIT_PER_MINUTE: '0',
    });

    expect(config).toEqual({
      PORT: 8081,
      METRICS_PORT: 9999,
      API_URL: 'http://api:3000',
      API_TIMEOUT_MS: 1000,
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      WRITE_LIMIT_PER_MINUTE: 0,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadWebConfig({ PORT: '', API_URL: '', NODE_ENV: '' })).toMatchObject({
      PORT: 3001,
      API_URL: 'http://localhost:3000',
      NODE_ENV: undefined,
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
    ['WRITE_LIMIT_PER_MINUTE', '-5'],
    ['HOST', 'anywhere'],
    ['NODE_ENV', 'staging'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadWebConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(WebConfigError);
    expect((error as WebConfigError).problems).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });
});
