import {
  type DatabaseConfig,
  DatabaseConfigError,
  type Env,
  loadDatabaseConfig,
  worstCaseQueryMs,
} from '@iac-experiment/db';
import type { WriteRateLimitOptions } from '@iac-experiment/platform';
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65_535).default(fallback));
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const appEnvSchema = z.object({
  /** Where the public port listens: every interface in a container; `yarn dev` sets 127.0.0.1. */
  HOST: z.preprocess(unsetWhenEmpty, z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0')),
  PORT: port(3000),
  METRICS_PORT: port(9464),
  LOG_LEVEL: z.preprocess(unsetWhenEmpty, z.enum(LOG_LEVELS).default('info')),
  /** Writes (POST, PATCH, DELETE) one client address may make per minute in this process; 0 turns the limit off. */
  WRITE_LIMIT_PER_MINUTE: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(0).max(100_000).default(60),
  ),
});

/** Everything the api reads from its environment, validated once at boot. Injectable (the class is the token). */
export class AppConfig {
  /** Requests still running this long after SIGTERM are cut off: inside ECS's 30 s stop timeout, and after the ALB's
   * deregistration delay (15 s, copilot/api/manifest.yml) has stopped new requests from arriving. */
  readonly shutdownTimeoutMs = 20_000;
  /** Largest accepted request body (a message is at most 500 characters). */
  readonly bodyLimitBytes = 16 * 1024;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly metricsPort: number,
    readonly logLevel: LevelWithSilent,
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
    const app = appEnvSchema.safeParse(env);
    if (!app.success) {
      problems.push(...app.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    }
    let database: DatabaseConfig | undefined;
    try {
      database = loadDatabaseConfig(env);
    } catch (error) {
      if (!(error instanceof DatabaseConfigError)) throw error;
      problems.push(...error.problems);
    }
    if (!app.success || !database) throw new ConfigError(problems);
    const { HOST, PORT, METRICS_PORT, LOG_LEVEL, WRITE_LIMIT_PER_MINUTE } = app.data;
    if (PORT !== 0 && PORT === METRICS_PORT) {
      throw new ConfigError([`PORT, METRICS_PORT: must differ (both are ${PORT})`]);
    }
    return new AppConfig(HOST, PORT, METRICS_PORT, LOG_LEVEL, database, {
      max: WRITE_LIMIT_PER_MINUTE,
      windowMs: 60_000,
    });
  }
}
