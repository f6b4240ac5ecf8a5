import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Environment variables as the process receives them (a subset of `process.env`). */
export type Env = Record<string, string | undefined>;

/** The monorepo root (this file lives in stack/src or stack/dist). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).max(65_535).default(fallback));

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
  DATABASE_URL: z.preprocess(unsetWhenEmpty, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
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
  DEV_DATA_DIR: z.preprocess(unsetWhenEmpty, z.string().default('.local')),
  LOG_LEVEL: z.preprocess(
    unsetWhenEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** https://no-color.org: set and not empty turns colored log prefixes off. */
  NO_COLOR: z.preprocess(unsetWhenEmpty, z.string().optional()),
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
  noColor: boolean;
  repoRoot: string;
  /** The shell's variables that every child inherits (see INHERITED_VARIABLES). */
  inheritedEnv: Env;
}

export class DevConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid yarn dev configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DevConfigError';
  }
}

/** Parses and validates the variables `yarn dev` reads, once, at start. */
export function loadDevConfig(env: Env, repoRoot = REPO_ROOT): DevConfig {
  const parsed = devConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new DevConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
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
    throw new DevConfigError([
      `ports must differ: ${duplicates.map(([name, value]) => `${name}=${value}`).join(', ')}`,
    ]);
  }
  return {
    databaseUrl: vars.DATABASE_URL,
    ports,
    dataDir: isAbsolute(vars.DEV_DATA_DIR) ? vars.DEV_DATA_DIR : resolve(repoRoot, vars.DEV_DATA_DIR),
    logLevel: vars.LOG_LEVEL,
    noColor: vars.NO_COLOR !== undefined,
    repoRoot,
    inheritedEnv: inherited(env),
  };
}
