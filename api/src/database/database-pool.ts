import type { Provider } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * node-postgres' pool under the TypeORM DataSource, injectable as `pg.Pool`. The request paths query it directly:
 * TypeORM's `query()` builds, connects and releases a QueryRunner on every call, ≈ 10 % of a create's CPU. Same
 * connections, settings and timeouts either way.
 */
export const databasePoolProvider: Provider = {
  provide: pg.Pool,
  inject: [DataSource],
  useFactory: (dataSource: DataSource) => (dataSource.driver as PostgresDriver).master as pg.Pool,
};
