import { z } from 'zod';
import {
  integer,
  type LogFormat,
  type LogLevel,
  listenHost,
  logFormat,
  logLevel,
  port,
} from './env-config.js';

/** The variables api and web both read, each with the service's own default ports. */
export function httpServiceEnv(defaults: { port: number; metricsPort: number }) {
  return z
    .object({
      /** Where the public port listens: every interface in a container; `yarn dev` sets 127.0.0.1. */
      HOST: listenHost(),
      PORT: port(defaults.port),
      METRICS_PORT: port(defaults.metricsPort),
      LOG_LEVEL: logLevel(),
      LOG_FORMAT: logFormat(),
      /** Writes (POST, PUT, PATCH, DELETE) one client address may make per minute in this process; 0 turns it off. */
      WRITE_LIMIT_PER_MINUTE: integer(60, 100_000, { min: 0 }),
    })
    .refine((vars) => vars.PORT === 0 || vars.PORT !== vars.METRICS_PORT, {
      path: ['METRICS_PORT'],
      message: 'must differ from PORT',
    });
}

/** What {@link httpServiceEnv} reads, as each service's config class receives it. */
export type HttpServiceEnv = z.output<ReturnType<typeof httpServiceEnv>>;

/** What api's and web's config classes share: each extends it with its own settings, one camelCase field per variable. */
export abstract class HttpServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly writeLimitPerMinute: number;

  protected constructor(vars: HttpServiceEnv) {
    this.host = vars.HOST;
    this.port = vars.PORT;
    this.metricsPort = vars.METRICS_PORT;
    this.logLevel = vars.LOG_LEVEL;
    this.logFormat = vars.LOG_FORMAT;
    this.writeLimitPerMinute = vars.WRITE_LIMIT_PER_MINUTE;
  }
}
