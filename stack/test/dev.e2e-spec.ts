import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, withClient } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProcessInfo } from '../src/processes/process-table.js';
import { createDevDatabase } from './support/dev-database.js';
import { type DevPorts, devEnv, Orchestrator, waitUntilGone } from './support/orchestrator.js';

const SYSTEM_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN_TIMEOUT_MS = 600_000;

interface Message {
  id: string;
  content: string;
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

/** What every run must serve on its one origin, routed as the ALB routes. */
async function expectRoutedLikeTheAlb(ports: DevPorts): Promise<void> {
  const origin = `http://localhost:${ports.router}`;

  const page = await fetch(`${origin}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await page.text()).toMatch(/<form[^>]+action="\/messages"/);

  expect(await getJson(`${origin}/api/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  const list = await getJson<{ items: Message[]; nextCursor: string | null }>(
    `${origin}/api/messages?limit=5`,
  );
  expect(list.status).toBe(200);
  expect(Array.isArray(list.body.items)).toBe(true);

  // /apix is not the api's: the ALB's /api/* rule does not match it, so web answers (its 404 page).
  const apix = await fetch(`${origin}/apix`);
  expect(apix.status).toBe(404);
  expect(apix.headers.get('content-type')).toMatch(/^text\/html/);

  // The services stay reachable on their own ports, from this machine only.
  expect((await fetch(`http://localhost:${ports.api}/api/health`)).status).toBe(200);
  expect((await fetch(`http://localhost:${ports.web}/health`)).status).toBe(200);
  await expectOnlyOnLoopback([ports.router, ports.api, ports.web]);
}

/** Nothing answers on this machine's network address (whichever it has) on `ports`. */
async function expectOnlyOnLoopback(ports: number[]): Promise<void> {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && !info.internal && info.family === 'IPv4');
  if (!external) throw new Error('this test needs a network interface besides loopback');
  for (const port of ports) {
    await expect(fetch(`http://${external.address}:${port}/`)).rejects.toThrow();
  }
}

async function postMessage(ports: DevPorts, content: string): Promise<Message> {
  const response = await fetch(`http://localhost:${ports.router}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Message;
}

const isPostgres = (info: ProcessInfo) => /\bpostgres\b/.test(info.args);
const isNest = (info: ProcessInfo) => /nest(\.js)? start --watch/.test(info.args);

/** Ctrl-C: exit 0, and nothing it started is left. */
async function interruptAndExpectAllGone(run: Orchestrator, tree: ProcessInfo[]): Promise<void> {
  run.child.kill('SIGINT');
  const { code, signal } = await run.exited;
  expect({ code, signal, tail: code === 0 ? '' : run.tail() }).toEqual({ code: 0, signal: null, tail: '' });
  expect(await waitUntilGone(tree)).toEqual([]);
}

describe('yarn dev', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stack-dev-e2e-'));
    await chmod(dataDir, 0o755); // as root, the embedded Postgres runs as the postgres user, who must enter it
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  describe('with DATABASE_URL unset (embedded Postgres)', () => {
    let firstMessage: Message;

    it(
      'starts Postgres, migrates, serves api and web on one origin, and Ctrl-C stops every process it started',
      async () => {
        const { env, ports } = await devEnv(dataDir);
        const run = new Orchestrator(env);
        await run.waitUntilUp();
        expect(run.log).toContain(`http://localhost:${ports.router}`);
        expect(run.log).toMatch(/\/api, \/api\/\*\s+→\s+api/);
        expect(run.log).toMatch(/\[migrator\]/);

        await expectRoutedLikeTheAlb(ports);
        firstMessage = await postMessage(ports, 'kept between runs');

        const tree = await run.processTree();
        expect(tree.filter(isPostgres).length).toBeGreaterThan(0);
        expect(tree.filter(isNest)).toHaveLength(2);
        await interruptAndExpectAllGone(run, tree);
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'keeps the data in its folder, and cleans up after a killed run on the next start',
      async () => {
        const { env, ports } = await devEnv(dataDir);
        const killed = new Orchestrator(env);
        await killed.waitUntilUp();
        const { body } = await getJson<{ items: Message[] }>(`http://localhost:${ports.router}/api/messages`);
        expect(body.items.map((message) => message.id)).toContain(firstMessage.id);

        // SIGKILL to `yarn dev` itself (tsx and the orchestrator): api, web and the database are left behind.
        const killedTree = await killed.processTree();
        const orchestrator = killedTree.find(
          (info) => info.ppid === killed.child.pid && /src\/dev\.ts/.test(info.args),
        );
        expect(orchestrator).toBeDefined();
        process.kill(orchestrator?.pid as number, 'SIGKILL');
        killed.child.kill('SIGKILL');
        await killed.exited;

        // Same ports: the next run can only come up if it stops the leftovers holding them.
        const next = new Orchestrator(env);
        await next.waitUntilUp();
        expect(next.log).toMatch(
          /stopped processes a killed earlier run left behind: (?=.*\bapi\b)(?=.*\bweb\b)/,
        );
        await expectRoutedLikeTheAlb(ports);

        const tree = await next.processTree();
        await interruptAndExpectAllGone(next, tree);
        expect(await waitUntilGone(killedTree)).toEqual([]);
        // The embedded Postgres is stopped, not killed: its data directory is released cleanly.
        await expect(readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).rejects.toThrow(/ENOENT/);
      },
      RUN_TIMEOUT_MS,
    );
  });

  describe('with DATABASE_URL set (a fresh database on the system Postgres)', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createDevDatabase(process.env.DATABASE_URL || SYSTEM_POSTGRES, 'stack_dev');
    });

    afterAll(() => database?.drop());

    it(
      'uses that database (no embedded Postgres), migrates it, serves everything, and stops cleanly',
      async () => {
        const { env, ports } = await devEnv(dataDir, database.url);
        const run = new Orchestrator(env);
        await run.waitUntilUp();
        expect(run.log).toContain('using the database in DATABASE_URL');
        expect(run.log).toMatch(/applying migration/);

        await expectRoutedLikeTheAlb(ports);
        const posted = await postMessage(ports, 'stored in DATABASE_URL');
        expect((await getJson(`http://localhost:${ports.router}/api/messages/${posted.id}`)).status).toBe(
          200,
        );
        // The api is connected as its own role, not as the owner the migrator used.
        const apiUsers = await withClient(database.url, async (client) =>
          (
            await client.query(
              `SELECT DISTINCT usename FROM pg_stat_activity
               WHERE datname = current_database() AND application_name = 'iac-experiment-api'`,
            )
          ).rows.map((row) => row.usename),
        );
        expect(apiUsers).toEqual([`${database.name}_api`]);

        const tree = await run.processTree();
        expect(tree.filter(isPostgres)).toEqual([]);
        expect(tree.filter(isNest)).toHaveLength(2);
        await interruptAndExpectAllGone(run, tree);
      },
      RUN_TIMEOUT_MS,
    );
  });
});
