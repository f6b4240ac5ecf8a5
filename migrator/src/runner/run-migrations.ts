import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ApiRoleConfig,
  type DatabaseConfig,
  describeDatabaseConfig,
  toDataSourceOptions,
} from '@iac-experiment/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { acquireMigrationLock, releaseMigrationLock } from './advisory-lock.js';
import { type ApiRoleResult, ensureApiRole } from './api-role.js';
import type { MigrationLockSettings } from './lock-settings.js';
import { TypeOrmPinoLogger } from './typeorm-pino-logger.js';

const CANCEL_RETRY_MS = 250;
/** SQLSTATE lock_not_available: a statement waited longer than lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';
export const DEFAULT_LOCK_SETTINGS: MigrationLockSettings = {
  lockTimeoutMs: 5_000,
  retries: 3,
  retryDelayMs: 10_000,
};

export type MigrationClass = new () => MigrationInterface;

export interface RunMigrationsOptions {
  config: DatabaseConfig;
  migrations: MigrationClass[];
  logger: Logger;
  /** Aborting stops waiting for the lock, or cancels the running migration (which then rolls back). */
  signal?: AbortSignal;
  lock?: MigrationLockSettings;
  /** The api's login role, created or brought up to date after the migrations (none: no role is managed). */
  apiRole?: ApiRoleConfig;
}

export interface AppliedMigration {
  name: string;
  durationMs: number;
}

export type RunMigrationsResult =
  | { status: 'applied'; applied: AppliedMigration[]; apiRole?: ApiRoleResult }
  | { status: 'aborted'; applied: AppliedMigration[] };

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string | undefined,
    readonly applied: AppliedMigration[],
    options: { cause: unknown },
  ) {
    super(`Migration ${migration ?? '(setup)'} failed and was rolled back`, options);
    this.name = 'MigrationFailedError';
  }
}

/** Every attempt of a migration waited longer than lock_timeout for a table lock another session held. */
export class MigrationLockTimeoutError extends MigrationFailedError {
  constructor(
    migration: string | undefined,
    applied: AppliedMigration[],
    readonly attempts: number,
    readonly lockTimeoutMs: number,
    options: { cause: unknown },
  ) {
    super(migration, applied, options);
    this.message =
      `Migration ${migration ?? '(setup)'} could not take its locks within ${lockTimeoutMs} ms in ${attempts} ` +
      'attempts (a long transaction holds them); rolled back';
    this.name = 'MigrationLockTimeoutError';
  }
}

/** The connection holding the advisory lock ended, so another migrator may run: this one stopped and rolled back. */
export class MigrationLockLostError extends MigrationFailedError {
  constructor(migration: string | undefined, applied: AppliedMigration[], options: { cause: unknown }) {
    super(migration, applied, options);
    this.message =
      `Lost the connection holding the migration lock during ${migration ?? '(setup)'}; ` +
      'stopped and rolled it back so that no two migrators run at once';
    this.name = 'MigrationLockLostError';
  }
}

/**
 * Applies pending migrations, each in its own transaction, under a Postgres advisory lock so that concurrent
 * migrators serialize: the first applies, the others wait and then find nothing to do.
 */
export async function runMigrations({
  config,
  migrations,
  logger,
  signal,
  lock = DEFAULT_LOCK_SETTINGS,
  apiRole,
}: RunMigrationsOptions): Promise<RunMigrationsResult> {
  // Unique per process, so that on abort we cancel our own migration query and nobody else's.
  const applicationName = `migrator-${process.pid}-${randomBytes(3).toString('hex')}`;
  // Three connections: the advisory lock's, the running migration's, and one to cancel it from.
  const options = toDataSourceOptions(config, { poolMax: 3, statementTimeoutMs: 0, applicationName });
  const dataSource = new DataSource({
    ...options,
    // DDL on a big table can take long: no statement timeout here; the job's own timeout bounds the run. Waiting
    // for a table lock is bounded, though: while DDL waits, every query on that table queues behind it.
    extra: { ...options.extra, lock_timeout: lock.lockTimeoutMs },
    migrations,
    migrationsTransactionMode: 'each',
    logging: ['error', 'warn', 'schema', 'migration'],
    logger: new TypeOrmPinoLogger(logger),
  });

  logger.info({ database: { ...describeDatabaseConfig(config), poolMax: 3 } }, 'connecting');
  await dataSource.initialize();
  let lockConnection: QueryRunner | undefined;
  const started = new Map<string, number>();
  const finished: AppliedMigration[] = [];
  let current: string | undefined;
  try {
    lockConnection = dataSource.createQueryRunner();
    const lockClient = (await lockConnection.connect()) as pg.Client;
    const locked = await acquireMigrationLock(lockConnection, {
      signal,
      onWait: () => logger.info('another migrator holds the migration lock; waiting'),
    });
    if (!locked || signal?.aborted) {
      logger.warn('stop requested before migrating; nothing applied');
      return { status: 'aborted', applied: [] };
    }
    logger.info('migration lock acquired');

    instrument(dataSource, {
      onStart: (name) => {
        current = name;
        started.set(name, performance.now());
        logger.info({ migration: name }, 'applying migration');
      },
      onEnd: (name) => {
        finished.push({ name, durationMs: Math.round(performance.now() - (started.get(name) ?? 0)) });
      },
    });

    // A cancel only hits a statement in flight, so keep cancelling until the migration gives up.
    let canceller: NodeJS.Timeout | undefined;
    const stopMigrating = (why: string) => {
      if (canceller) return;
      logger.warn(`${why}: cancelling the running migration; it will be rolled back`);
      const cancel = () => void cancelOwnQueries(dataSource, applicationName, logger);
      cancel();
      canceller = setInterval(cancel, CANCEL_RETRY_MS);
    };
    const onAbort = () => stopMigrating('stop requested');
    signal?.addEventListener('abort', onAbort, { once: true });
    // The advisory lock lives as long as its session: if that connection ends (backend killed, network gone),
    // another migrator can take the lock, so this one must stop at once.
    let lockLost: Error | undefined;
    const onLockLost = (error?: Error) => {
      lockLost ??= error ?? new Error('the connection holding the migration lock ended');
      logger.error({ err: lockLost }, 'lost the connection holding the migration lock');
      stopMigrating('migration lock lost');
    };
    const onLockEnd = () => onLockLost();
    lockClient.on('error', onLockLost);
    lockClient.on('end', onLockEnd);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await dataSource.runMigrations({ transaction: 'each' });
          if (lockLost) throw lockLost;
          break;
        } catch (error) {
          // TypeORM commits each migration before starting the next, so all but the current one are kept.
          const kept = finished.filter((migration) => migration.name !== current);
          if (lockLost) throw new MigrationLockLostError(current, kept, { cause: lockLost });
          if (!isLockTimeout(error) || signal?.aborted)
            throw new MigrationFailedError(current, kept, { cause: error });
          if (attempt > lock.retries)
            throw new MigrationLockTimeoutError(current, kept, attempt, lock.lockTimeoutMs, { cause: error });
          logger.warn(
            { migration: current, attempt, attempts: lock.retries + 1, retryInMs: lock.retryDelayMs },
            `migration waited longer than lock_timeout (${lock.lockTimeoutMs} ms) for a table lock; rolled back, trying again`,
          );
          await sleep(lock.retryDelayMs, undefined, { signal }).catch(() => undefined);
          if (signal?.aborted) throw new MigrationFailedError(current, kept, { cause: error });
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      lockClient.off('error', onLockLost);
      lockClient.off('end', onLockEnd);
      clearInterval(canceller);
    }

    // Each attempt's committed migrations (a migration that failed never reached onEnd).
    const applied = finished;
    for (const migration of applied)
      logger.info({ migration: migration.name, durationMs: migration.durationMs }, 'migration applied');
    if (applied.length === 0) logger.info('schema is up to date; no pending migrations');
    if (!apiRole) return { status: 'applied', applied };

    // Still under the lock, on its connection: two migrators never grant and revoke at once.
    const role = await ensureApiRole(lockClient, apiRole);
    logger.info(
      { role: role.name, created: role.created },
      role.created
        ? "api role created with the api's privileges"
        : "api role brought up to date (password from the secret, the api's privileges only)",
    );
    return { status: 'applied', applied, apiRole: role };
  } finally {
    if (lockConnection) {
      await releaseMigrationLock(lockConnection).catch(() => undefined);
      await lockConnection.release().catch(() => undefined);
    }
    await dataSource.destroy().catch(() => undefined);
  }
}

function instrument(
  dataSource: DataSource,
  hooks: { onStart: (name: string) => void; onEnd: (name: string) => void },
): void {
  for (const migration of dataSource.migrations) {
    const name = migration.name ?? migration.constructor.name;
    const up = migration.up.bind(migration);
    migration.up = async (queryRunner) => {
      hooks.onStart(name);
      await up(queryRunner);
      hooks.onEnd(name);
    };
  }
}

const isLockTimeout = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === LOCK_NOT_AVAILABLE ||
  (error as { driverError?: { code?: unknown } } | undefined)?.driverError?.code === LOCK_NOT_AVAILABLE;

async function cancelOwnQueries(
  dataSource: DataSource,
  applicationName: string,
  logger: Logger,
): Promise<void> {
  await dataSource
    .query(
      'SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
      [applicationName],
    )
    .catch((error: unknown) => logger.error({ err: error }, 'could not cancel the running migration'));
}
