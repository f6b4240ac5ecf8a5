import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createMigratedDatabase, type MigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { assertBuildIsFresh, type BuiltApi, builtMain, runBuiltApi } from './support/built-api.js';

// The built api as its own process (`node dist/main.bundle.js`), as the container runs it: real signals, real exit codes.

let database: MigratedDatabase;
const running: BuiltApi[] = [];

beforeAll(async () => {
  assertBuildIsFresh();
  database = await createMigratedDatabase({ prefix: 'api_process' });
});

afterEach(() => {
  for (const api of running.splice(0)) if (api.child.exitCode === null) api.child.kill('SIGKILL');
});

afterAll(async () => {
  await database?.drop();
});

describe('the bundle (platform/bin/bundle-service.mjs)', () => {
  const bundle = readFileSync(builtMain, 'utf8');

  it('is ASCII, so V8 holds its source in one byte per character', () => {
    expect(bundle.search(/[\u0080-\uffff]/)).toBe(-1);
  });

  it('holds the one copy of typeorm (nothing loads it by name from node_modules) and leaves pg to node_modules', () => {
    expect(bundle).toMatch(/^\/\/ \.\.\/node_modules\/typeorm\/index\.js$/m);
    expect(bundle).not.toMatch(/require\d*\(["']typeorm["']\)/);
    expect(bundle).not.toMatch(/^\/\/ \.\.\/node_modules\/pg\//m);
    expect(bundle).toMatch(/^import \w+ from "pg";$/m);
  });

  it('loads Node built-ins through require(), not as ES modules, whose namespaces read every export', () => {
    const esmImports = [...bundle.matchAll(/^import .* from ["']([^"']+)["'];/gm)].map(([, from]) => from);
    // The banner's createRequire, which everything else goes through, and pg (above).
    expect(new Set(esmImports)).toEqual(new Set(['node:module', 'pg']));
  });

  it('names only the functions the bundler renamed', () => {
    expect(bundle).toContain('var __name = (target, value) => target.name === value ? target : __defProp(');
  });
});

function start(env: Record<string, string>): BuiltApi {
  const api = runBuiltApi(env);
  running.push(api);
  return api;
}

function call(
  port: number,
  method: string,
  path: string,
  agent: Agent | false,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the built api', () => {
  it('boots with DATABASE_URL, serves, and on SIGTERM finishes the requests in flight and exits 0', async () => {
    const api = start({
      DATABASE_URL: database.apiUrl,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      // This test holds queries on a lock on purpose: keep the timeouts that would turn them into 503s out of reach.
      DATABASE_STATEMENT_TIMEOUT_MS: '60000',
      DATABASE_CONNECT_TIMEOUT_MS: '30000',
    });
    const port = await api.listening;
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 50 });
    expect((await call(port, 'GET', '/api/health', keepAlive)).status).toBe(200);
    // Readiness finds the database through the bundle's one TypeORM.
    const ready = await call(port, 'GET', '/api/health/ready', keepAlive);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });

    // Hold every request in the database: a lock the test owns makes their queries wait (the pool has 10).
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
    const inFlight = [
      ...Array.from({ length: 7 }, () => call(port, 'GET', '/api/messages', keepAlive)),
      ...Array.from({ length: 3 }, (_, i) =>
        call(port, 'POST', '/api/messages', keepAlive, { content: `in flight ${i}` }),
      ),
    ];
    // Observed from another session: inside the blocker's transaction pg_stat_activity is a frozen snapshot.
    const observer = new pg.Client({ connectionString: database.url });
    await observer.connect();
    const waiting = async () => {
      const { rows } = await observer.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].n === 10;
    };
    await until(waiting, 20_000);
    await observer.end();

    api.child.kill('SIGTERM');
    const signalledAt = Date.now();
    await until(async () => api.logs.some((line) => String(line.msg).startsWith('SIGTERM received')), 5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No longer accepting: a new connection is refused while the held requests are still running.
    await expect(call(port, 'GET', '/api/health', false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(api.child.exitCode).toBeNull();

    await blocker.query('COMMIT');
    await blocker.end();
    const responses = await Promise.all(inFlight);
    expect(responses.map((response) => response.status)).toEqual([
      200, 200, 200, 200, 200, 200, 200, 201, 201, 201,
    ]);

    const exit = await api.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(5000);
    keepAlive.destroy();

    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    const { rows } = await check.query(
      "SELECT count(*)::int AS n FROM messages WHERE content LIKE 'in flight %'",
    );
    await check.end();
    expect(rows[0].n).toBe(3);

    // Every line is JSON, and every request line carries its request id: one for readiness and one per held
    // request (a successful liveness probe is not logged).
    const requestLines = api.logs.filter((line) => 'req' in line);
    expect(requestLines).toHaveLength(11);
    for (const line of requestLines) expect(line.requestId).toEqual(expect.any(String));
    expect(api.stderr()).toBe('');
  });

  it.each([
    ['no database configured', {}, /DATABASE_URL or DB_SECRET: one is required/],
    ['a bad port', { DATABASE_URL: 'postgres://u@localhost/db', PORT: 'eighty' }, /PORT: /],
    ['a bad log level', { DATABASE_URL: 'postgres://u@localhost/db', LOG_LEVEL: 'verbose' }, /LOG_LEVEL: /],
    [
      'an unparsable DB_SECRET',
      { DB_SECRET: '{"password":"hunter2-secret",' },
      /DB_SECRET: is not valid JSON/,
    ],
    [
      'TLS verification without the CA bundle',
      {
        DATABASE_URL: 'postgres://u@localhost/db',
        DATABASE_SSL: 'verify',
        DATABASE_CA_FILE: '/nonexistent/ca.pem',
      },
      /DATABASE_CA_FILE: cannot read \/nonexistent\/ca\.pem/,
    ],
  ])('refuses to boot with %s: a clear message and a non-zero exit', async (_case, env, message) => {
    const api = start(env as Record<string, string>);
    const exit = await api.exited;
    expect(exit.code).toBe(1);
    expect(api.stderr()).toMatch(/^api: cannot start\. Invalid configuration:/);
    expect(api.stderr()).toMatch(message);
    expect(api.stderr()).not.toContain('hunter2-secret');
    expect(api.stderr()).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
