import { createMigratedDatabase, type MigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, beforeAll } from '@jest/globals';
import type { DestinationStream } from 'pino';
import { Sql } from './sql.js';
import { startTestApi, type TestApi } from './test-api.js';

export interface ApiSuiteOptions {
  /** Readable part of the database's name. */
  prefix: string;
  /** The server to create the database on (e.g. an owned Postgres the suite stops); default: the run's. */
  serverUrl?: () => string;
  /** Arrange data before the api starts (e.g. a big table, analyzed). */
  seed?: (sql: Sql) => Promise<void>;
  logs?: DestinationStream;
  /** Environment variables on top of the test defaults (e.g. a write limit). */
  env?: Record<string, string>;
}

export interface ApiSuite {
  readonly database: MigratedDatabase;
  readonly api: TestApi;
  readonly sql: Sql;
}

/**
 * What every api e2e suite starts from: a fresh database the migrator built, the real api listening on it as the
 * api's restricted role, and direct SQL (as the owner) to arrange and check data. Registers the suite's beforeAll and afterAll; read the fields in tests.
 */
export function apiSuite(options: ApiSuiteOptions): ApiSuite {
  let database: MigratedDatabase | undefined;
  let api: TestApi | undefined;
  let sql: Sql | undefined;

  beforeAll(async () => {
    database = await createMigratedDatabase({ prefix: options.prefix, serverUrl: options.serverUrl?.() });
    sql = new Sql(database.url);
    await options.seed?.(sql);
    // As in production: the api logs in as the role the migrator maintains, never as the owner.
    api = await startTestApi(database.apiUrl, { logs: options.logs, env: options.env });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await sql?.close();
    await database?.drop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the api suite has not started (read it inside a test)');
    return value;
  };
  return {
    get database() {
      return started(database);
    },
    get api() {
      return started(api);
    },
    get sql() {
      return started(sql);
    },
  };
}
