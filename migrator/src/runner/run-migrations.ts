import { randomBytes } from 'node:crypto';
import { type DatabaseConfig, describeDatabaseConfig, toDataSourceOptions } from '@iac-experiment/db';
import type { Logger } from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { acquireMigrationLock, releaseMigrationLock } from './advisory-lock.js';
import { TypeOrmPinoLogger } from './typeorm-pino-logger.js';

const CANCEL_RETRY_MS = 250;

export type MigrationClass = new () => MigrationInterface;

export interface RunMigrationsOptions {
  config: DatabaseConfig;
  migrations: MigrationClass[];
  logger: Logger;
  /** Aborting stops waiting for the lock, or cancels the running migration (which then rolls back). */
  signal?: AbortSignal;
}

export interface AppliedMigration {
  name: string;
  durationMs: number;
}

export type RunMigrationsResult =
  | { status: 'applied'; applied: AppliedMigration[] }
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

/**
 * Applies pending migrations, each in its own transaction, under a Postgres advisory lock so that concurrent
 * migrators serialize: the first applies, the others wait and then find nothing to do.
 */
export async function runMigrations({
  config,
  migrations,
  logger,
  signal,
}: RunMigrationsOptions): Promise<RunMigrationsResult> {
  // Unique per process, so that on abort we cancel our own migration query and nobody else's.
  const applicationName = `migrator-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dataSource = new DataSource({
    // DDL on a big table can take long: no statement timeout here; the job's own timeout bounds the run.
    ...toDataSourceOptions(config, { poolMax: 2, statementTimeoutMs: 0, applicationName }),
    migrations,
    migrationsTransactionMode: 'each',
    logging: ['error', 'warn', 'schema', 'migration'],
    logger: new TypeOrmPinoLogger(logger),
  });

  logger.info({ database: { ...describeDatabaseConfig(config), poolMax: 2 } }, 'connecting');
  await dataSource.initialize();
  let lockConnection: QueryRunner | undefined;
  const started = new Map<string, number>();
  const finished: AppliedMigration[] = [];
  let current: string | undefined;
  try {
    lockConnection = dataSource.createQueryRunner();
    await lockConnection.connect();
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
    const onAbort = () => {
      logger.warn('stop requested: cancelling the running migration; it will be rolled back');
      const cancel = () => void cancelOwnQueries(lockConnection as QueryRunner, applicationName, logger);
      cancel();
      canceller = setInterval(cancel, CANCEL_RETRY_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let executed: { name: string }[];
    try {
      executed = await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      // TypeORM commits each migration before starting the next, so all but the current one are kept.
      const kept = finished.filter((migration) => migration.name !== current);
      throw new MigrationFailedError(current, kept, { cause: error });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearInterval(canceller);
    }

    const applied = executed.map(
      ({ name }) => finished.find((m) => m.name === name) ?? { name, durationMs: 0 },
    );
    for (const migration of applied)
      logger.info({ migration: migration.name, durationMs: migration.durationMs }, 'migration applied');
    if (applied.length === 0) logger.info('schema is up to date; no pending migrations');
    return { status: 'applied', applied };
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

async function cancelOwnQueries(
  connection: QueryRunner,
  applicationName: string,
  logger: Logger,
): Promise<void> {
  logger.warn('cancelling the running migration; it will be rolled back');
  await connection
    .query(
      'SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
      [applicationName],
    )
    .catch((error: unknown) => logger.error({ err: error }, 'could not cancel the running migration'));
}
