import { type DatabaseConfig, loadDatabaseConfig, worstCaseQueryMs } from '@iac-experiment/db';
import { BODY_LIMIT_BYTES, type WriteRateLimitOptions } from '@iac-experiment/platform';
import {
  ConfigError,
  type Env,
  integer,
  type LogFormat,
  type LogLevel,
  listenHost,
  loadConfig,
  logFormat,
  logLevel,
  port,
} from '@iac-experiment/platform/config';
import { z } from 'zod';

export { ConfigError };

const appEnvSchema = z.object({
  /** Where the public port listens: every interface in a container; `yarn dev` sets 127.0.0.1. */
  HOST: listenHost(),
  PORT: port(3000),
  METRICS_PORT: port(9464),
  LOG_LEVEL: logLevel(),
  LOG_FORMAT: logFormat(),
  /** Writes (POST, PATCH, DELETE) one client address may make per minute in this process; 0 turns the limit off. */
  WRITE_LIMIT_PER_MINUTE: integer(60, 100_000, { min: 0 }),
});

/** Everything the api reads from its environment, validated once at boot. Injectable (the class is the token). */
export class AppConfig {
  /** Requests still running this long after SIGTERM are cut off: inside ECS's 30 s stop timeout, and after the ALB's
   * deregistration delay (15 s, copilot/api/manifest.yml) has stopped new requests from arriving. */
  readonly shutdownTimeoutMs = 20_000;
  readonly bodyLimitBytes = BODY_LIMIT_BYTES;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly metricsPort: number,
    readonly logLevel: LogLevel,
    readonly logFormat: LogFormat,
    readonly database: DatabaseConfig,
    readonly writeLimit: WriteRateLimitOptions,
  ) {}

  /** The longest the api can take to answer (a pool wait, then one query): compare with API_ANSWER_BUDGET_MS. */
  get worstCaseAnswerMs(): number {
    return worstCaseQueryMs(this.database);
  }

  /** Throws a ConfigError naming every bad variable (never its value: some hold passwords). */
  static fromEnv(env: Env): AppConfig {
    const problems: string[] = [];
    const collect = <T>(load: () => T): T | undefined => {
      try {
        return load();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.problems);
        return undefined;
      }
    };
    const app = collect(() => loadConfig(appEnvSchema, env));
    const database = collect(() => loadDatabaseConfig(env));
    if (!app || !database) throw new ConfigError(problems);
    const { HOST, PORT, METRICS_PORT, LOG_LEVEL, LOG_FORMAT, WRITE_LIMIT_PER_MINUTE } = app;
    if (PORT !== 0 && PORT === METRICS_PORT) {
      throw new ConfigError([`PORT, METRICS_PORT: must differ (both are ${PORT})`]);
    }
    return new AppConfig(HOST, PORT, METRICS_PORT, LOG_LEVEL, LOG_FORMAT, database, {
      max: WRITE_LIMIT_PER_MINUTE,
      windowMs: 60_000,
    });
  }
}
