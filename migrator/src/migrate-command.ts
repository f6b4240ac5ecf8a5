import {
  type ApiRoleConfig,
  DatabaseConfigError,
  type Env,
  loadApiRoleConfig,
  loadDatabaseConfig,
  tlsFailureHint,
} from '@iac-experiment/db';
import { type Logger, pino } from 'pino';
import { z } from 'zod';
import { loadMigrationLockSettings } from './runner/lock-settings.js';
import {
  type MigrationClass,
  MigrationFailedError,
  MigrationLockLostError,
  MigrationLockTimeoutError,
  runMigrations,
} from './runner/run-migrations.js';

const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export interface MigrateCommandOptions {
  env: Env;
  migrations: MigrationClass[];
  signal?: AbortSignal;
}

/** The migrator job: validate config, apply pending migrations, report as JSON lines. Resolves to the exit code. */
export async function runMigrateCommand({ env, migrations, signal }: MigrateCommandOptions): Promise<number> {
  const level = logLevelSchema.safeParse(env.LOG_LEVEL === '' ? undefined : env.LOG_LEVEL);
  // Synchronous writes: a one-shot job must not lose its last lines on exit.
  const logger: Logger = pino(
    {
      level: level.success ? level.data : 'info',
      base: { service: 'migrator' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The level as a word, as api and web write it (platform/src/logger), so one log query reads all three.
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ sync: true }),
  );
  if (!level.success) {
    logger.fatal(
      { problems: ['LOG_LEVEL: expected one of fatal|error|warn|info|debug|trace|silent'] },
      'invalid configuration',
    );
    return 1;
  }

  let config: ReturnType<typeof loadDatabaseConfig>;
  let apiRole: ApiRoleConfig | undefined;
  try {
    config = loadDatabaseConfig(env);
    apiRole = loadApiRoleConfig(env, config);
  } catch (error) {
    if (!(error instanceof DatabaseConfigError)) throw error;
    logger.fatal({ problems: error.problems }, error.message);
    return 1;
  }

  const lock = loadMigrationLockSettings(env);
  if ('problems' in lock) {
    logger.fatal({ problems: lock.problems }, 'invalid configuration');
    return 1;
  }

  const started = performance.now();
  try {
    if (!apiRole) logger.info('API_DB_SECRET and API_DATABASE_URL are unset: no api role is managed');
    const result = await runMigrations({ config, migrations, logger, signal, lock: lock.settings, apiRole });
    const durationMs = Math.round(performance.now() - started);
    if (result.status === 'aborted') {
      logger.error({ durationMs }, 'migrator stopped before taking the lock');
      return 1;
    }
    logger.info({ applied: result.applied.length, durationMs }, 'migrations complete');
    return 0;
  } catch (error) {
    if (error instanceof MigrationFailedError) {
      logger.error(
        { migration: error.migration, kept: error.applied.map((m) => m.name), err: error.cause },
        error instanceof MigrationLockTimeoutError || error instanceof MigrationLockLostError
          ? error.message
          : `migration ${error.migration ?? '(setup)'} failed; its changes were rolled back`,
      );
    } else {
      logger.error({ err: error, hint: tlsFailureHint(error, config.ssl) }, 'migrator failed');
    }
    return 1;
  }
}
