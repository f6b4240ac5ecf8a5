import {
  type ApiRoleConfig,
  loadApiRoleConfig,
  loadDatabaseConfig,
  tlsFailureHint,
} from '@iac-experiment/db';
import {
  ConfigError,
  type Env,
  LOG_LEVELS,
  type LogLevel,
  logFormat,
  logLevel,
} from '@iac-experiment/platform/config';
import { prettyStream } from '@iac-experiment/platform/logger';
import { type Logger, pino } from 'pino';
import { loadMigrationLockSettings, type MigrationLockSettings } from './runner/lock-settings.js';
import {
  type MigrationClass,
  MigrationFailedError,
  MigrationLockLostError,
  MigrationLockTimeoutError,
  runMigrations,
} from './runner/run-migrations.js';

export interface MigrateCommandOptions {
  env: Env;
  migrations: MigrationClass[];
  signal?: AbortSignal;
}

/** The migrator job: validate config, apply pending migrations, report as JSON lines. Resolves to the exit code. */
export async function runMigrateCommand({ env, migrations, signal }: MigrateCommandOptions): Promise<number> {
  const level = logLevel().safeParse(env.LOG_LEVEL);
  const format = logFormat().safeParse(env.LOG_FORMAT);
  // Synchronous writes: a one-shot job must not lose its last lines on exit.
  const logger: Logger =
    format.success && format.data === 'pretty'
      ? pino({ level: level.success ? level.data : 'info' }, prettyStream('migrator'))
      : jsonLogger(level.success ? level.data : 'info');
  if (!level.success || !format.success) {
    logger.fatal(
      {
        problems: [
          ...(level.success ? [] : [`LOG_LEVEL: expected one of ${LOG_LEVELS.join('|')}`]),
          ...(format.success ? [] : ['LOG_FORMAT: expected one of json|pretty']),
        ],
      },
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
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal({ problems: error.problems }, error.message);
    return 1;
  }

  let lock: MigrationLockSettings;
  try {
    lock = loadMigrationLockSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal({ problems: error.problems }, 'invalid configuration');
    return 1;
  }

  const started = performance.now();
  try {
    if (!apiRole) logger.info('API_DB_SECRET and API_DATABASE_URL are unset: no api role is managed');
    const result = await runMigrations({ config, migrations, logger, signal, lock, apiRole });
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

/** JSON lines like api's and web's (platform/src/logger), so one log query reads all three. */
function jsonLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: 'migrator' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ sync: true }),
  );
}
