import { randomBytes } from 'node:crypto';
import { chmod, chown, copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadDatabaseConfig, toDataSourceOptions } from '@iac-experiment/db';
import { startTemporaryServer, type TemporaryServer } from '@iac-experiment/db/local-postgres';
import { createTestDatabase, withClient } from '@iac-experiment/db/testing';
import type { Env } from '@iac-experiment/platform/config';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../src/migrations/index.js';
import { runMigrator } from './support/migrator-process.js';
import { makeThrowawayPki, type ThrowawayPki } from './support/throwaway-pki.js';

/** The application's role; like RDS with `rds.force_ssl`, the server refuses it unencrypted connections. */
const APP_ROLE = 'tls_app';
const appPassword = `Tls-pw-${randomBytes(12).toString('hex')}`;
const migrationNames = migrations.map((migration) => migration.name);

/** Installs the server certificate where Postgres looks by default, turns `ssl` on and forces TLS for APP_ROLE. */
async function serveTls(server: TemporaryServer, pki: ThrowawayPki, logs: string[]): Promise<void> {
  // Postgres runs as the owner of its data directory (the `postgres` user when we are root) and refuses a key
  // file that others may read.
  const owner = await stat(server.dataDir);
  for (const [source, name] of [
    [pki.serverCertFile, 'server.crt'],
    [pki.serverKeyFile, 'server.key'],
  ] as const) {
    const target = join(server.dataDir, name);
    await copyFile(source, target);
    await chmod(target, 0o600);
    if (process.getuid?.() === 0) await chown(target, owner.uid, owner.gid);
  }
  const hba = join(server.dataDir, 'pg_hba.conf');
  await writeFile(hba, `hostnossl all ${APP_ROLE} all reject\n${await readFile(hba, 'utf8')}`);
  await withClient(server.url, async (client) => {
    await client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD ${client.escapeLiteral(appPassword)}`);
    await client.query('ALTER SYSTEM SET ssl = on');
    await client.query('SELECT pg_reload_conf()');
  });
  // The reload is asynchronous: wait until new connections can negotiate TLS.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: server.url, ssl: { rejectUnauthorized: false } });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`Postgres did not start serving TLS: ${error}\n${logs.slice(-20).join('')}`);
      }
      await sleep(100);
    }
  }
}

describe('database TLS (a real Postgres with ssl=on and a certificate from a throwaway CA)', () => {
  let certDir: string;
  let pki: ThrowawayPki;
  let server: TemporaryServer;
  /** A database APP_ROLE owns, for the in-process connections. */
  let appUrl: string;
  const serverLogs: string[] = [];

  /** A fresh database owned by APP_ROLE; returns its name and the URL the application would be given. */
  async function createAppDatabase(): Promise<{ name: string; url: string }> {
    const database = await createTestDatabase({ serverUrl: server.url, prefix: 'tls' });
    await withClient(server.url, (client) =>
      client.query(`ALTER DATABASE ${client.escapeIdentifier(database.name)} OWNER TO ${APP_ROLE}`),
    );
    const url = new URL(database.url);
    url.username = APP_ROLE;
    url.password = appPassword;
    return { name: database.name, url: url.toString() };
  }

  const appliedMigrations = (database: string) =>
    withClient(server.urlFor(database), async (client) => {
      const { rows } = await client.query<{ name: string | null }>(
        "SELECT to_regclass('public.migrations')::text AS name",
      );
      if (!rows[0]?.name) return [];
      return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map(
        (row) => row.name,
      );
    });

  /** Connects exactly as the migrator and the api do (loadDatabaseConfig → toDataSourceOptions). */
  async function sessionTls(env: Env): Promise<{ ssl: boolean; version: string | null }> {
    const dataSource = new DataSource(toDataSourceOptions(loadDatabaseConfig(env)));
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query(
        'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      return row;
    } finally {
      await dataSource.destroy();
    }
  }

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'migrator-tls-'));
    [pki, server] = await Promise.all([
      makeThrowawayPki(certDir),
      startTemporaryServer({ onLog: (line) => serverLogs.push(line) }),
    ]);
    await serveTls(server, pki, serverLogs);
    appUrl = (await createAppDatabase()).url;
  }, 120_000);

  afterAll(async () => {
    await server?.destroy();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  it('verify with the CA that signed the server certificate: the session is encrypted', async () => {
    const tls = await sessionTls({
      DATABASE_URL: appUrl,
      DATABASE_SSL: 'verify',
      DATABASE_CA_FILE: pki.caFile,
    });

    expect(tls).toEqual({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) });
  });

  it('the migrator job in production (verify by default) applies the migrations over verified TLS', async () => {
    const database = await createAppDatabase();

    const run = await runMigrator({
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      DATABASE_CA_FILE: pki.caFile,
    });

    expect(run.code).toBe(0);
    expect(run.lines.find((line) => line.msg === 'connecting')).toMatchObject({
      database: { ssl: 'verify' },
    });
    expect(await appliedMigrations(database.name)).toEqual(migrationNames);
  });

  it('verify with another CA refuses the server: clear error, non-zero exit, no password in the output', async () => {
    const env = { DATABASE_SSL: 'verify', DATABASE_CA_FILE: pki.otherCaFile };
    await expect(sessionTls({ ...env, DATABASE_URL: appUrl })).rejects.toThrow(
      /unable to verify the first certificate/,
    );

    const database = await createAppDatabase();
    const run = await runMigrator({ ...env, DATABASE_URL: database.url });

    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatchObject({
      level: 'error',
      msg: 'migrator failed',
      err: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' },
      hint: expect.stringContaining(`did not verify against DATABASE_CA_FILE (${pki.otherCaFile})`),
    });
    expect(run.stdout + run.stderr).not.toContain(appPassword);
    expect(await appliedMigrations(database.name)).toEqual([]);
  });

  it('require encrypts without verifying the certificate', async () => {
    // No CA at all: require neither reads DATABASE_CA_FILE nor checks the chain.
    const env = { DATABASE_SSL: 'require', DATABASE_CA_FILE: '/nonexistent/ca.pem' };
    expect(await sessionTls({ ...env, DATABASE_URL: appUrl })).toMatchObject({ ssl: true });

    const database = await createAppDatabase();
    const run = await runMigrator({ ...env, DATABASE_URL: database.url });

    expect(run.code).toBe(0);
    expect(run.lines.find((line) => line.msg === 'connecting')).toMatchObject({
      database: { ssl: 'require' },
    });
    expect(await appliedMigrations(database.name)).toEqual(migrationNames);
  });

  it('off connects unencrypted where the server allows it, and is refused where the server forces TLS', async () => {
    expect(await sessionTls({ DATABASE_URL: server.url, DATABASE_SSL: 'off' })).toEqual({
      ssl: false,
      version: null,
    });

    await expect(sessionTls({ DATABASE_URL: appUrl, DATABASE_SSL: 'off' })).rejects.toThrow(
      /pg_hba\.conf rejects connection .*no encryption/,
    );
  });
});
