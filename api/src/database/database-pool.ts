import type { Provider } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

const poolOfDriver = new WeakMap<object, pg.Pool>();

/**
 * node-postgres, for TypeORM's `driver` option, whose `Pool` remembers the one pool TypeORM opens with it. The
 * request paths query that pool directly: TypeORM's `query()` builds, connects and releases a QueryRunner on every
 * call, and cannot run named (prepared) statements or parse a column per query. Same connections, settings and
 * timeouts either way.
 */
export function poolRecordingDriver(): typeof pg {
  const driver: typeof pg = Object.create(pg);
  class RecordedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      poolOfDriver.set(driver, this);
    }
  }
  Object.defineProperty(driver, 'Pool', { value: RecordedPool });
  return driver;
}

/** The DataSource's pool, injectable as `pg.Pool`. */
export const databasePoolProvider: Provider = {
  provide: pg.Pool,
  inject: [DataSource],
  useFactory: (dataSource: DataSource): pg.Pool => {
    const pool = poolOfDriver.get(dataSource.options.driver as object);
    if (!pool) throw new Error('the DataSource was not opened with poolRecordingDriver()');
    return pool;
  },
};
