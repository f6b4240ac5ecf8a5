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

export function migratorEnv(config: DevConfig, databaseUrl: string): Env {
  return { ...baseEnv(config), DATABASE_URL: databaseUrl, DATABASE_SSL: 'off' };
}

/** Where api, web and the router listen: this machine only, never the network it is on. */
export const DEV_HOST = '127.0.0.1';

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
