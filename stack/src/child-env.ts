import type { DevConfig, Env } from './config.js';

// The environment of each process `yarn dev` starts, built from the validated config alone: besides the tool
// variables in `config.inheritedEnv`, nothing of the developer's shell reaches them.

/**
 * What every child gets (builds too): a local, non-production run at the configured log level. Everything else, the
 * write limit included, stays at the production defaults.
 */
export function baseEnv(config: DevConfig): Env {
  return {
    ...config.inheritedEnv,
    NODE_ENV: 'development',
    LOG_LEVEL: config.logLevel,
    LOG_FORMAT: config.logFormat,
  };
}

/**
 * The migrator connects as the database's owner and makes the api's role (API_DATABASE_URL: exactly the api's
 * DATABASE_URL) exist with that password and only the api's privileges, as it does in production.
 */
export function migratorEnv(config: DevConfig, databaseUrl: string, apiDatabaseUrl: string): Env {
  return {
    ...baseEnv(config),
    DATABASE_URL: databaseUrl,
    API_DATABASE_URL: apiDatabaseUrl,
    DATABASE_SSL: 'off',
  };
}

/**
 * The api's connection: the owner's URL with the api's own role, named after the database (roles belong to the
 * whole server, so two databases on one server get two roles) and a password the caller generates for each run.
 */
export function apiDatabaseUrl(databaseUrl: string, password: string): string {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const base = database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^(?=[0-9])/, 'db_');
  url.username = `${base.slice(0, 59)}_api`;
  url.password = password;
  return url.toString();
}

/** Where api, web and the router listen: this machine only, never the network it is on. */
export const DEV_HOST = '127.0.0.1';

/** `databaseUrl` is the api's own (apiDatabaseUrl), never the owner's. */
export function apiEnv(config: DevConfig, databaseUrl: string): Env {
  return {
    ...baseEnv(config),
    HOST: DEV_HOST,
    PORT: String(config.ports.api),
    METRICS_PORT: String(config.ports.apiMetrics),
    DATABASE_URL: databaseUrl,
    DATABASE_SSL: 'off',
  };
}

export function webEnv(config: DevConfig): Env {
  return {
    ...baseEnv(config),
    HOST: DEV_HOST,
    PORT: String(config.ports.web),
    METRICS_PORT: String(config.ports.webMetrics),
    API_URL: `http://127.0.0.1:${config.ports.api}`,
  };
}
