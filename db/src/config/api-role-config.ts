import { ConfigError, type Env } from '@iac-experiment/platform/config';
import { type DatabaseConfig, parseDatabaseUrl, parseRdsSecret } from './database-config.js';

/**
 * The api's login role, as the migrator creates and maintains it: the migrator receives the very connection the api
 * gets (API_DB_SECRET is the api's DB_SECRET, API_DATABASE_URL its DATABASE_URL) and makes that user exist with that
 * password and only the api's privileges. Holds the password: never log it.
 */
export interface ApiRoleConfig {
  source: 'API_DATABASE_URL' | 'API_DB_SECRET';
  /** The role's name: the api's user name. */
  name: string;
  password: string;
  /** The database the api connects to, where its privileges are granted: the migrator's own. */
  database: string;
}

/** Lower-case, unquoted-identifier-safe names only: what the role is called must be obvious in every tool. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Postgres' own roles, RDS's administrators, and the pseudo-role PUBLIC. */
const RESERVED_ROLE = /^(pg_|rds|postgres$|public$)/;

/**
 * Reads the api's connection from API_DB_SECRET or API_DATABASE_URL (neither set: the migrator manages no role).
 * Throws a `ConfigError` naming each problem, never a value.
 */
export function loadApiRoleConfig(env: Env, migrator: DatabaseConfig): ApiRoleConfig | undefined {
  const url = env.API_DATABASE_URL || undefined;
  const secret = env.API_DB_SECRET || undefined;
  if (url === undefined && secret === undefined) return undefined;
  const problems: string[] = [];
  if (url !== undefined && secret !== undefined) {
    throw new ConfigError(['API_DATABASE_URL, API_DB_SECRET: set only one of them, not both'], 'database');
  }
  const source = url !== undefined ? 'API_DATABASE_URL' : 'API_DB_SECRET';
  const connection =
    url !== undefined
      ? parseDatabaseUrl(url, problems, source)
      : parseRdsSecret(secret as string, problems, source);
  if (!connection) throw new ConfigError(problems, 'database');
  const { user: name, password, database } = connection;
  if (!ROLE_NAME.test(name) || RESERVED_ROLE.test(name)) {
    problems.push(
      `${source}: the user name must be 1–63 of a-z, 0-9 and _ (not starting with a digit) and not a reserved ` +
        'role (pg_*, rds*, postgres, public)',
    );
  }
  if (name === migrator.user) {
    problems.push(`${source}: names the migrator's own user; the api needs a role of its own`);
  }
  if (!password) problems.push(`${source}: has no password`);
  if (database !== migrator.database) {
    problems.push(
      `${source}: names database ${database} but the migrator migrates ${migrator.database}; ` +
        "the api's privileges are granted in the migrator's database",
    );
  }
  if (problems.length > 0 || !password) throw new ConfigError(problems, 'database');
  return { source, name, password, database };
}
