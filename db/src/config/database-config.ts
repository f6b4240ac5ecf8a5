import { readFileSync } from 'node:fs';
import {
  ConfigError,
  type Env,
  loadConfig,
  optionalString,
  positiveInt,
  problemsOf,
  unsetWhenEmpty,
} from '@iac-experiment/platform/config';
import { z } from 'zod';

export const DEFAULT_CA_FILE = '/etc/ssl/certs/rds-global-bundle.pem';
export const DATABASE_SSL_MODES = ['off', 'require', 'verify'] as const;
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];

export type DatabaseSsl =
  | { mode: 'off' }
  | { mode: 'require' }
  | { mode: 'verify'; caFile: string; ca: string };

/** Validated, typed database configuration. Holds the password: log it only through `describeDatabaseConfig`. */
export interface DatabaseConfig {
  /** Which variable the connection came from. */
  source: 'DATABASE_URL' | 'DB_SECRET';
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  ssl: DatabaseSsl;
  poolMax: number;
  connectTimeoutMs: number;
  /** Server-side `statement_timeout`; the client-side query timeout is derived from it. */
  statementTimeoutMs: number;
}

const SUBJECT = 'database';

export const databaseEnvSchema = z.object({
  NODE_ENV: optionalString(),
  DATABASE_URL: optionalString(),
  DB_SECRET: optionalString(),
  DATABASE_SSL: unsetWhenEmpty(z.enum(DATABASE_SSL_MODES).optional()),
  DATABASE_CA_FILE: unsetWhenEmpty(z.string().default(DEFAULT_CA_FILE)),
  DATABASE_POOL_MAX: positiveInt(10, 1000),
  // Together (plus the client-side query margin) inside the api's answer budget: see platform's api-deadline.ts.
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(750, 600_000),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(1000, 3_600_000),
});

/** The JSON an RDS/Aurora secret in Secrets Manager holds; extra keys (engine, dbClusterIdentifier…) are allowed. */
const rdsSecretSchema = z.looseObject({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65_535),
  dbname: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});

type Connection = Pick<DatabaseConfig, 'source' | 'host' | 'port' | 'database' | 'user' | 'password'> & {
  /** The TLS mode a DATABASE_URL's `sslmode` asks for (PaaS add-ons put it there). */
  urlSslMode?: DatabaseSslMode;
};

/** libpq's `sslmode` values that decide the connection one way; `prefer` and `allow` fall back silently. */
const URL_SSL_MODES: Record<string, DatabaseSslMode> = {
  disable: 'off',
  require: 'require',
  // Node's TLS always checks the host name too: verify-ca is held to verify-full.
  'verify-ca': 'verify',
  'verify-full': 'verify',
};

/**
 * Parses and validates the database variables once, at boot. Throws a `ConfigError` naming each bad or
 * missing variable; messages never contain the variables' values (they may hold a password).
 */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const vars = loadConfig(databaseEnvSchema, env, SUBJECT);
  const problems: string[] = [];
  const connection = resolveConnection(vars, problems);
  const ssl = connection && resolveSsl(vars, connection.urlSslMode, problems);
  if (problems.length > 0 || !connection || !ssl) throw new ConfigError(problems, SUBJECT);
  const { urlSslMode: _, ...where } = connection;
  return {
    ...where,
    ssl,
    poolMax: vars.DATABASE_POOL_MAX,
    connectTimeoutMs: vars.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}

/** A log-safe summary (no password). */
export function describeDatabaseConfig(config: DatabaseConfig) {
  return {
    source: config.source,
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    ssl: config.ssl.mode,
    poolMax: config.poolMax,
  };
}

type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

function resolveConnection(vars: DatabaseEnv, problems: string[]): Connection | undefined {
  if (vars.DATABASE_URL !== undefined && vars.DB_SECRET !== undefined) {
    problems.push('DATABASE_URL, DB_SECRET: set only one of them, not both');
    return undefined;
  }
  if (vars.DATABASE_URL !== undefined) return parseDatabaseUrl(vars.DATABASE_URL, problems);
  if (vars.DB_SECRET !== undefined) return parseRdsSecret(vars.DB_SECRET, problems);
  problems.push(
    'DATABASE_URL or DB_SECRET: one is required (DATABASE_URL=postgres://user:password@host:5432/database, ' +
      'or DB_SECRET holding the JSON of an RDS secret: host, port, dbname, username, password)',
  );
  return undefined;
}

/** `variable` names the variable in the problems (the migrator reads the api's connection as API_DATABASE_URL). */
export function parseDatabaseUrl(
  value: string,
  problems: string[],
  variable = 'DATABASE_URL',
): Connection | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${variable}: is not a valid URL (expected postgres://user:password@host:5432/database)`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(`${variable}: must start with postgres:// or postgresql://`);
  }
  if (!url.hostname) problems.push(`${variable}: has no host`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database)
    problems.push(`${variable}: has no database name (postgres://user:password@host:5432/database)`);
  if (!url.username) problems.push(`${variable}: has no user name`);
  const urlSslMode = parseUrlSslMode(url.searchParams, problems, variable);
  if (problems.length > before) return undefined;
  return {
    source: 'DATABASE_URL',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    database,
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    ...(urlSslMode === undefined ? {} : { urlSslMode }),
  };
}

/** `sslmode` is the one query parameter understood; any other is refused rather than silently ignored. */
function parseUrlSslMode(
  params: URLSearchParams,
  problems: string[],
  variable: string,
): DatabaseSslMode | undefined {
  const others = [...new Set(params.keys())].filter((name) => name !== 'sslmode');
  if (others.length > 0) {
    problems.push(
      `${variable}: query parameter ${others.join(', ')} is not supported (only sslmode is; timeouts and pool ` +
        'size have their own DATABASE_* variables)',
    );
  }
  const values = params.getAll('sslmode');
  if (values.length === 0) return undefined;
  const mode = values.length === 1 ? URL_SSL_MODES[values[0] as string] : undefined;
  if (mode === undefined) {
    problems.push(
      `${variable}: sslmode must be one of ${Object.keys(URL_SSL_MODES).join(', ')} (prefer and allow fall back ` +
        'to an unencrypted connection without telling)',
    );
  }
  return mode;
}

export function parseRdsSecret(
  value: string,
  problems: string[],
  variable = 'DB_SECRET',
): Connection | undefined {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    // The parser's own message quotes the input, which holds the password.
    problems.push(
      `${variable}: is not valid JSON (expected an RDS secret: host, port, dbname, username, password)`,
    );
    return undefined;
  }
  const secret = rdsSecretSchema.safeParse(json);
  if (!secret.success) {
    problems.push(...problemsOf(secret.error, variable));
    return undefined;
  }
  const { host, port, dbname, username, password } = secret.data;
  return { source: 'DB_SECRET', host, port, database: dbname, user: username, password };
}

function resolveSsl(
  vars: DatabaseEnv,
  urlSslMode: DatabaseSslMode | undefined,
  problems: string[],
): DatabaseSsl | undefined {
  if (vars.DATABASE_SSL !== undefined && urlSslMode !== undefined && vars.DATABASE_SSL !== urlSslMode) {
    problems.push(
      `DATABASE_SSL, DATABASE_URL: DATABASE_SSL=${vars.DATABASE_SSL} disagrees with the URL's sslmode ` +
        `(which means ${urlSslMode}); set one of them`,
    );
    return undefined;
  }
  const mode = vars.DATABASE_SSL ?? urlSslMode ?? (vars.NODE_ENV === 'production' ? 'verify' : 'off');
  if (mode !== 'verify') return { mode };
  const caFile = vars.DATABASE_CA_FILE;
  try {
    const ca = readFileSync(caFile, 'utf8');
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      problems.push(
        `DATABASE_CA_FILE: ${caFile} holds no PEM certificate (DATABASE_SSL=verify needs the RDS CA bundle)`,
      );
      return undefined;
    }
    return { mode, caFile, ca };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(
      `DATABASE_CA_FILE: cannot read ${caFile} (${reason}); DATABASE_SSL=verify needs the RDS CA bundle ` +
        '(or set DATABASE_SSL=require|off)',
    );
    return undefined;
  }
}
