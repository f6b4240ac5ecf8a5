import { type DatabaseConfig, DatabaseConfigError, type Env, loadDatabaseConfig } from '@iac-experiment/db';
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
  PORT: port(3000),
  METRICS_PORT: port(9464),
  LOG_LEVEL: z.preprocess(unsetWhenEmpty, z.enum(LOG_LEVELS).default('info')),
});

/** Everything the api reads from its environment, validated once at boot. Injectable (the class is the token). */
export class AppConfig {
  /** Requests still running this long after SIGTERM are cut off (ALB deregistration delay: 30 s). */
  readonly shutdownTimeoutMs = 20_000;
  /** Largest accepted request body (a message is at most 500 characters). */
  readonly bodyLimitBytes = 16 * 1024;

  constructor(
    readonly port: number,
    readonly metricsPort: number,
    readonly logLevel: LevelWithSilent,
    readonly database: DatabaseConfig,
  ) {}

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
    const { PORT, METRICS_PORT, LOG_LEVEL } = app.data;
    if (PORT !== 0 && PORT === METRICS_PORT) {
      throw new ConfigError([`PORT, METRICS_PORT: must differ (both are ${PORT})`]);
    }
    return new AppConfig(PORT, METRICS_PORT, LOG_LEVEL, database);
  }
}
