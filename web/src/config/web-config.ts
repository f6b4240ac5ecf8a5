import { WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import {
  type Env,
  integer,
  type LogFormat,
  type LogLevel,
  listenHost,
  loadConfig,
  logFormat,
  logLevel,
  port,
  unsetWhenEmpty,
} from '@iac-experiment/platform/config';
import { z } from 'zod';

/** The api must answer within this; the page then still renders (with a banner) well inside 3 s. */
export const MAX_API_TIMEOUT_MS = 3000;

const webEnvSchema = z.object({
  /** Where the public port listens: every interface in a container; `yarn dev` sets 127.0.0.1. */
  HOST: listenHost(),
  PORT: port(3001),
  METRICS_PORT: port(9465),
  API_URL: unsetWhenEmpty(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://localhost:3000' })
      .default('http://localhost:3000')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  API_TIMEOUT_MS: integer(WEB_API_TIMEOUT_MS, MAX_API_TIMEOUT_MS),
  /** Form posts (new message, delete) one client address may make per minute in this process; 0 turns it off. */
  WRITE_LIMIT_PER_MINUTE: integer(60, 100_000, { min: 0 }),
  LOG_LEVEL: logLevel(),
  LOG_FORMAT: logFormat(),
  NODE_ENV: unsetWhenEmpty(z.enum(['development', 'test', 'production']).optional()),
});

type WebEnv = z.output<typeof webEnvSchema>;

/** Everything web reads from its environment, validated once at boot. Injectable (the class is the token). */
export class WebConfig {
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
  /** The api's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly apiTimeoutMs: number;
  readonly writeLimitPerMinute: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly nodeEnv: WebEnv['NODE_ENV'];

  private constructor(vars: WebEnv) {
    this.host = vars.HOST;
    this.port = vars.PORT;
    this.metricsPort = vars.METRICS_PORT;
    this.apiUrl = vars.API_URL;
    this.apiTimeoutMs = vars.API_TIMEOUT_MS;
    this.writeLimitPerMinute = vars.WRITE_LIMIT_PER_MINUTE;
    this.logLevel = vars.LOG_LEVEL;
    this.logFormat = vars.LOG_FORMAT;
    this.nodeEnv = vars.NODE_ENV;
  }

  /** Throws a ConfigError naming every bad variable (never its value). */
  static fromEnv(env: Env): WebConfig {
    return new WebConfig(loadConfig(webEnvSchema, env, 'web'));
  }
}
