import type { ApiRoleConfig } from '@iac-experiment/db';
import type pg from 'pg';

/** The schema the migrations create their tables in (TypeORM's default). */
export const API_SCHEMA = 'public';

/**
 * Exactly what the api's statements (api/src/messages/message-statements.ts) need, table by table. messages has no
 * DELETE: the api deletes softly (UPDATE … SET deleted_at). idempotency_keys needs UPDATE only because the prune
 * locks the rows it deletes (SELECT … FOR UPDATE SKIP LOCKED requires it). A new table gets nothing until it is
 * listed here.
 */
export const API_PRIVILEGES: Readonly<Record<string, readonly ApiPrivilege[]>> = {
  messages: ['SELECT', 'INSERT', 'UPDATE'],
  idempotency_keys: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
};
type ApiPrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface ApiRoleResult {
  name: string;
  created: boolean;
}

/** The role holds more than a login and its grants: the migrator refuses to hand it to the api. */
export class ApiRoleUnsafeError extends Error {
  constructor(
    readonly role: string,
    readonly reasons: string[],
  ) {
    super(
      `The api's role ${role} ${reasons.join('; ')}: fix it by hand (as the master user), then run again`,
    );
    this.name = 'ApiRoleUnsafeError';
  }
}

/**
 * Creates the api's login role, or brings an existing one back to the same state: the password from the config
 * (so a rotated secret takes effect on the next run), no attributes beyond LOGIN, USAGE on the schema, the
 * privileges of API_PRIVILEGES and nothing else on any table or sequence, now or by default later. One transaction:
 * the api never sees a moment without its grants. Runs on a node-postgres client directly, so that no query text
 * (it holds the password) reaches TypeORM's query logging. Every statement works for the RDS master user, which
 * has CREATEROLE but is no superuser (it may not even name the SUPERUSER, REPLICATION or BYPASSRLS attributes).
 */
export async function ensureApiRole(client: pg.ClientBase, role: ApiRoleConfig): Promise<ApiRoleResult> {
  const name = client.escapeIdentifier(role.name);
  const schema = client.escapeIdentifier(API_SCHEMA);
  const database = client.escapeIdentifier(role.database);
  const attributes = `LOGIN NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT -1 VALID UNTIL 'infinity' PASSWORD ${client.escapeLiteral(role.password)}`;
  await client.query('BEGIN');
  try {
    const existing = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
    const created = existing.rowCount === 0;
    await client.query(`${created ? 'CREATE' : 'ALTER'} ROLE ${name} ${created ? '' : 'WITH '}${attributes}`);

    await client.query(`REVOKE ALL ON DATABASE ${database} FROM ${name}`);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${name}`);
    // Before PostgreSQL 15 every role may create objects in the public schema.
    await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`);
    await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${name}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${name}`);
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${name}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${name}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${name}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON SEQUENCES FROM ${name}`);
    for (const [table, privileges] of Object.entries(API_PRIVILEGES)) {
      await client.query(
        `GRANT ${privileges.join(', ')} ON TABLE ${schema}.${client.escapeIdentifier(table)} TO ${name}`,
      );
    }

    const reasons = await unsafeTraits(client, role);
    if (reasons.length > 0) throw new ApiRoleUnsafeError(role.name, reasons);
    await client.query('COMMIT');
    return { name: role.name, created };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** What REVOKE cannot take away: attributes only a superuser sets, memberships, ownership. */
async function unsafeTraits(client: pg.ClientBase, role: ApiRoleConfig): Promise<string[]> {
  const { rows } = await client.query<{
    rolsuper: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    memberOf: string[];
    owns: string[];
  }>(
    `SELECT r.rolsuper, r.rolreplication, r.rolbypassrls,
            ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                  WHERE m.member = r.oid ORDER BY 1) AS "memberOf",
            ARRAY(SELECT c.relname::text FROM pg_class c
                  WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  UNION ALL SELECT 'schema ' || n.nspname FROM pg_namespace n WHERE n.nspowner = r.oid
                  UNION ALL SELECT 'database ' || d.datname FROM pg_database d
                            WHERE d.datdba = r.oid AND d.datname = current_database()
                  ORDER BY 1) AS owns
       FROM pg_roles r WHERE r.rolname = $1`,
    [role.name],
  );
  const [traits] = rows;
  if (!traits) return ['does not exist'];
  const reasons: string[] = [];
  for (const [attribute, set] of [
    ['SUPERUSER', traits.rolsuper],
    ['REPLICATION', traits.rolreplication],
    ['BYPASSRLS', traits.rolbypassrls],
  ] as const) {
    if (set) reasons.push(`has the ${attribute} attribute`);
  }
  if (traits.memberOf.length > 0)
    reasons.push(`is a member of ${traits.memberOf.join(', ')} (inherits its privileges)`);
  if (traits.owns.length > 0) reasons.push(`owns ${traits.owns.join(', ')} (an owner may alter and drop it)`);
  return reasons;
}
