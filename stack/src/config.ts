import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  port as anyPort,
  ConfigError,
  type Env,
  LOG_FORMATS,
  type LogFormat,
  loadConfig,
  logLevel,
  optionalString,
  unsetWhenEmpty,
} from '@iac-experiment/platform/config';
import { z } from 'zod';

export type { Env };

/** The monorepo root (this file lives in stack/src or stack/dist). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Fixed ports: the URLs `yarn dev` prints must be the ones it listens on. */
const port = (fallback: number) => anyPort(fallback, { allowZero: false });
const SUBJECT = 'yarn dev';

/**
 * What the processes `yarn dev` starts may inherit from the developer's shell: what tools need to run (search path,
 * home, locale, temp dir, terminal, CA certificates, proxies, corepack and yarn settings). Never the services'
 * own settings: a shell holding production ones (NODE_ENV, DB_SECRET, DATABASE_SSL, PORT, API_URL…) must not
 * reach the local stack, whose children get theirs from this config alone (child-env.ts).
 */
const INHERITED_VARIABLES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
]);
const INHERITED_PREFIXES = ['LC_', 'XDG_', 'COREPACK_', 'YARN_'];

const inherited = (env: Env): Env =>
  Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) =>
        value !== undefined &&
        (INHERITED_VARIABLES.has(name) || INHERITED_PREFIXES.some((prefix) => name.startsWith(prefix))),
    ),
  );

const devConfigSchema = z.object({
  /** When set, the stack uses this database instead of starting the embedded Postgres. */
  DATABASE_URL: unsetWhenEmpty(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** The single origin that routes like the production ALB. */
  DEV_ROUTER_PORT: port(8080),
  DEV_API_PORT: port(3000),
  DEV_WEB_PORT: port(3001),
  DEV_API_METRICS_PORT: port(9464),
  DEV_WEB_METRICS_PORT: port(9465),
  /** The embedded Postgres; fixed so that its URL stays the same between runs (the migrator's default). */
  DEV_DB_PORT: port(54320),
  /** Where the embedded Postgres keeps its data and `yarn dev` its bookkeeping, kept between runs; relative to the
   * repository root. */
  DEV_DATA_DIR: unsetWhenEmpty(z.string().default('.local')),
  LOG_LEVEL: logLevel(),
  /** How the services write their logs; unset: `pretty` when `yarn dev` prints to a terminal, `json` otherwise. */
  LOG_FORMAT: unsetWhenEmpty(z.enum(LOG_FORMATS).optional()),
  /** https://no-color.org: set and not empty turns colored log prefixes off. */
  NO_COLOR: optionalString(),
});

export interface DevConfig {
  databaseUrl: string | undefined;
  ports: {
    router: number;
    api: number;
    web: number;
    apiMetrics: number;
    webMetrics: number;
    database: number;
  };
  dataDir: string;
  logLevel: string;
  logFormat: LogFormat;
  noColor: boolean;
  repoRoot: string;
  /** The shell's variables that every child inherits (see INHERITED_VARIABLES). */
  inheritedEnv: Env;
}

/** Parses and validates the variables `yarn dev` reads, once, at start. */
export function loadDevConfig(env: Env, repoRoot = REPO_ROOT, { terminal = false } = {}): DevConfig {
  const vars = loadConfig(devConfigSchema, env, SUBJECT);
  const ports = {
    router: vars.DEV_ROUTER_PORT,
    api: vars.DEV_API_PORT,
    web: vars.DEV_WEB_PORT,
    apiMetrics: vars.DEV_API_METRICS_PORT,
    webMetrics: vars.DEV_WEB_METRICS_PORT,
    database: vars.DEV_DB_PORT,
  };
  const duplicates = Object.entries(ports).filter(
    ([, value], _, all) => all.filter(([, v]) => v === value).length > 1,
  );
  if (duplicates.length > 0) {
    throw new ConfigError(
      [`ports must differ: ${duplicates.map(([name, value]) => `${name}=${value}`).join(', ')}`],
      SUBJECT,
    );
  }
  return {
    databaseUrl: vars.DATABASE_URL,
    ports,
    dataDir: isAbsolute(vars.DEV_DATA_DIR) ? vars.DEV_DATA_DIR : resolve(repoRoot, vars.DEV_DATA_DIR),
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT ?? (terminal ? 'pretty' : 'json'),
    noColor: vars.NO_COLOR !== undefined,
    repoRoot,
    inheritedEnv: inherited(env),
  };
}
