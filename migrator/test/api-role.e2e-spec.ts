import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import {
  createTestDatabase,
  type TestDatabase,
  testPostgresUrl,
  withClient,
} from '@iac-experiment/db/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { runMigrator } from './support/migrator-process.js';

/** The SQLSTATE a statement fails with, or 'ok'. */
const outcome = (client: pg.Client, sql: string) =>
  client.query(sql).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'error',
  );

const INSUFFICIENT_PRIVILEGE = '42501';

/** Whether the role's stored SCRAM verifier was made from this password (works whatever the server's auth method). */
async function passwordMatches(ownerUrl: string, role: string, password: string): Promise<boolean> {
  const [row] = await withClient(
    ownerUrl,
    async (client) =>
      (
        await client.query<{ rolpassword: string | null }>(
          'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
          [role],
        )
      ).rows,
  );
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(row?.rolpassword ?? '');
  if (!match) throw new Error(`role ${role} has no SCRAM verifier`);
  const [, iterations, salt, storedKey] = match;
  const salted = pbkdf2Sync(password, Buffer.from(salt, 'base64'), Number(iterations), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === storedKey;
}

const grantsOf = (ownerUrl: string, role: string) =>
  withClient(ownerUrl, async (client) =>
    (
      await client.query<{ table_name: string; privilege_type: string }>(
        `SELECT table_name, privilege_type FROM information_schema.role_table_grants
         WHERE grantee = $1 ORDER BY table_name, privilege_type`,
        [role],
      )
    ).rows.map((row) => `${row.table_name}:${row.privilege_type}`),
  );

const EXPECTED_GRANTS = [
  'idempotency_keys:DELETE',
  'idempotency_keys:INSERT',
  'idempotency_keys:SELECT',
  'idempotency_keys:UPDATE',
  'messages:INSERT',
  'messages:SELECT',
  'messages:UPDATE',
];

describe("the api's database role (created and maintained by the migrator job)", () => {
  let database: TestDatabase;
  let role: string;
  const apiUrl = (password: string, user = role) => {
    const url = new URL(database.url);
    url.username = user;
    url.password = password;
    return url.toString();
  };
  const env = (password: string) => ({ DATABASE_URL: database.url, API_DATABASE_URL: apiUrl(password) });

  beforeEach(async () => {
    database = await createTestDatabase({ prefix: 'migrator_role' });
    role = `${database.name}_api`;
  });

  afterEach(async () => {
    await database.drop();
    await withClient(await testPostgresUrl(), (client) =>
      client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`),
    );
  });

  it('creates a login role that may do what the api does and nothing else: no DDL, not an owner', async () => {
    const run = await runMigrator(env('first-password'));
    expect(run.code).toBe(0);
    expect(run.lines).toContainEqual(
      expect.objectContaining({ msg: "api role created with the api's privileges", role }),
    );
    expect(run.stdout).not.toContain('first-password');

    const [attributes] = await withClient(
      database.url,
      async (client) =>
        (
          await client.query(
            `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
           FROM pg_roles WHERE rolname = $1`,
            [role],
          )
        ).rows,
    );
    expect(attributes).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    expect(await passwordMatches(database.url, role, 'first-password')).toBe(true);
    expect(await grantsOf(database.url, role)).toEqual(EXPECTED_GRANTS);

    const owners = await withClient(
      database.url,
      async (client) =>
        (
          await client.query<{ relname: string; owner: string }>(
            `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class
           WHERE relname IN ('messages', 'idempotency_keys') ORDER BY relname`,
          )
        ).rows,
    );
    expect(owners).toEqual([
      { relname: 'idempotency_keys', owner: new URL(database.url).username },
      { relname: 'messages', owner: new URL(database.url).username },
    ]);

    // As the api: its own statements work…
    await withClient(database.url, async (client) => {
      await client.query(`SET ROLE ${client.escapeIdentifier(role)}`);
      expect(await client.query('SELECT current_user AS who')).toMatchObject({ rows: [{ who: role }] });
      const [{ id }] = (await client.query(`INSERT INTO messages (content) VALUES ('hi') RETURNING id`)).rows;
      expect(await outcome(client, `UPDATE messages SET content = 'edited' WHERE id = '${id}'`)).toBe('ok');
      expect(await outcome(client, `UPDATE messages SET deleted_at = now() WHERE id = '${id}'`)).toBe('ok');
      expect(await outcome(client, 'SELECT id FROM messages WHERE deleted_at IS NULL')).toBe('ok');
      expect(
        await outcome(
          client,
          `INSERT INTO idempotency_keys (key, request_hash, message_id) VALUES ('k', repeat('a', 64), '${id}')
           ON CONFLICT (key) DO NOTHING`,
        ),
      ).toBe('ok');
      expect(
        await outcome(
          client,
          `DELETE FROM idempotency_keys WHERE key IN (
             SELECT key FROM idempotency_keys ORDER BY created_at LIMIT 10 FOR UPDATE SKIP LOCKED)`,
        ),
      ).toBe('ok');

      // …and nothing else does.
      for (const statement of [
        'DROP TABLE messages',
        'ALTER TABLE messages ADD COLUMN extra text',
        'ALTER TABLE idempotency_keys DROP COLUMN request_hash',
        'TRUNCATE messages',
        'TRUNCATE idempotency_keys',
        'DELETE FROM messages',
        'CREATE TABLE mine (id int)',
        'CREATE INDEX mine ON messages (content)',
        'CREATE SCHEMA mine',
        'SELECT * FROM migrations',
        'DROP TABLE migrations',
      ]) {
        expect([statement, await outcome(client, statement)]).toEqual([statement, INSUFFICIENT_PRIVILEGE]);
      }
    });
  });

  it('on every run sets the password from the secret (rotation) and takes back anything granted since', async () => {
    expect((await runMigrator(env('first-password'))).code).toBe(0);
    await withClient(database.url, async (client) => {
      const name = client.escapeIdentifier(role);
      await client.query(`GRANT ALL ON messages, migrations TO ${name}`);
      await client.query(`GRANT CREATE ON SCHEMA public TO ${name}`);
      await client.query(`ALTER ROLE ${name} CREATEDB`);
      await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${name}`);
    });

    const rerun = await runMigrator(env('rotated-password'));
    expect(rerun.code).toBe(0);
    expect(rerun.lines).toContainEqual(expect.objectContaining({ role, created: false }));
    expect(await passwordMatches(database.url, role, 'rotated-password')).toBe(true);
    expect(await passwordMatches(database.url, role, 'first-password')).toBe(false);
    expect(await grantsOf(database.url, role)).toEqual(EXPECTED_GRANTS);

    await withClient(database.url, async (client) => {
      // A table created later (as a future migration would) gives the api nothing until the migrator grants it.
      await client.query('CREATE TABLE later (id int)');
      expect(await grantsOf(database.url, role)).toEqual(EXPECTED_GRANTS);
      await client.query(`SET ROLE ${client.escapeIdentifier(role)}`);
      expect(await outcome(client, 'SELECT * FROM later')).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await outcome(client, 'CREATE TABLE mine (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
      expect(
        (await client.query('SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user')).rows,
      ).toEqual([{ rolcreatedb: false }]);
    });

    // Running again with nothing to change changes nothing.
    expect((await runMigrator(env('rotated-password'))).code).toBe(0);
    expect(await grantsOf(database.url, role)).toEqual(EXPECTED_GRANTS);
    expect(await passwordMatches(database.url, role, 'rotated-password')).toBe(true);
  });

  it('reads the role from API_DB_SECRET, the JSON secret the api gets as DB_SECRET', async () => {
    const url = new URL(database.url);
    const secret = {
      host: url.hostname,
      port: Number(url.port || 5432),
      dbname: database.name,
      username: role,
      password: 'from-the-secret',
    };
    const run = await runMigrator({ DATABASE_URL: database.url, API_DB_SECRET: JSON.stringify(secret) });
    expect(run.code).toBe(0);
    expect(await passwordMatches(database.url, role, 'from-the-secret')).toBe(true);
    expect(await grantsOf(database.url, role)).toEqual(EXPECTED_GRANTS);
  });

  it('refuses a role that owns a table (an owner may drop it), changing nothing', async () => {
    expect((await runMigrator(env('first-password'))).code).toBe(0);
    await withClient(database.url, (client) =>
      client.query(`ALTER TABLE messages OWNER TO ${client.escapeIdentifier(role)}`),
    );

    const run = await runMigrator(env('rotated-password'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/owns messages \(an owner may alter and drop it\)/);
    expect(await passwordMatches(database.url, role, 'first-password')).toBe(true);
  });

  it("refuses the migrator's own user as the api's role before connecting", async () => {
    const run = await runMigrator({
      DATABASE_URL: database.url,
      API_DATABASE_URL: apiUrl('x', new URL(database.url).username),
    });
    expect(run.code).toBe(1);
    expect(run.lines).toContainEqual(
      expect.objectContaining({
        level: 'fatal',
        problems: expect.arrayContaining([
          "API_DATABASE_URL: names the migrator's own user; the api needs a role of its own",
        ]),
      }),
    );
  });
});
