import { ConfigError } from '@iac-experiment/platform/config';
import { describe, expect, it } from '@jest/globals';
import { loadApiRoleConfig } from './api-role-config.js';
import { loadDatabaseConfig } from './database-config.js';

const migrator = loadDatabaseConfig({ DATABASE_URL: 'postgres://postgres:owner-pw@db.local:5432/app' });
const PASSWORD = 'Api1pw';
const secret = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    host: 'db.cluster',
    port: 5432,
    dbname: 'app',
    username: 'api',
    password: PASSWORD,
    ...fields,
  });

function problems(env: Record<string, string>): string[] {
  try {
    loadApiRoleConfig(env, migrator);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadApiRoleConfig', () => {
  it('is undefined when neither API_DB_SECRET nor API_DATABASE_URL is set (the migrator then manages no role)', () => {
    expect(loadApiRoleConfig({ API_DB_SECRET: '', API_DATABASE_URL: '' }, migrator)).toBeUndefined();
  });

  it("reads the api's role from API_DB_SECRET, the JSON the api gets as DB_SECRET", () => {
    expect(loadApiRoleConfig({ API_DB_SECRET: secret() }, migrator)).toEqual({
      source: 'API_DB_SECRET',
      name: 'api',
      password: PASSWORD,
      database: 'app',
    });
  });

  it("reads it from API_DATABASE_URL, the api's DATABASE_URL, with the password decoded", () => {
    expect(
      loadApiRoleConfig({ API_DATABASE_URL: 'postgres://app_api:p%40ss@db.local/app' }, migrator),
    ).toEqual({
      source: 'API_DATABASE_URL',
      name: 'app_api',
      password: 'p@ss',
      database: 'app',
    });
  });

  it('refuses both at once', () => {
    expect(problems({ API_DB_SECRET: secret(), API_DATABASE_URL: 'postgres://api:x@db/app' })).toEqual([
      'API_DATABASE_URL, API_DB_SECRET: set only one of them, not both',
    ]);
  });

  it.each([
    ['the migrator user', 'postgres', /migrator's own user/],
    ['a name that needs quoting', 'Api-Role', /a-z, 0-9 and _/],
    ['a Postgres role', 'pg_monitor', /reserved/],
    ['an RDS administrator', 'rdsadmin', /reserved/],
    ['PUBLIC', 'public', /reserved/],
  ])('refuses %s as the role', (_, username, message) => {
    const found = problems({ API_DB_SECRET: secret({ username }) });
    expect(found.join('\n')).toMatch(message);
  });

  it("refuses a role without a password and one in another database than the migrator's", () => {
    expect(problems({ API_DATABASE_URL: 'postgres://api@db.local/app' })).toEqual([
      'API_DATABASE_URL: has no password',
    ]);
    expect(problems({ API_DB_SECRET: secret({ dbname: 'other' }) }).join('\n')).toMatch(
      /names database other but the migrator migrates app/,
    );
  });

  it('names the variable in problems and never echoes the password', () => {
    const found = problems({ API_DB_SECRET: secret({ password: '' }) });
    expect(found).toEqual([expect.stringMatching(/^API_DB_SECRET\.password: /)]);
    const broken = problems({ API_DB_SECRET: `{"password":"${PASSWORD}"` });
    expect(broken.join('\n')).toMatch(/^API_DB_SECRET: is not valid JSON/);
    expect(broken.join('\n')).not.toContain(PASSWORD);
  });
});
