import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** Connection pool gauges, read from node-postgres' pool under TypeORM at scrape time (nothing on the hot path). */
@Injectable()
export class PoolMetrics {
  constructor(registry: Registry, dataSource: DataSource) {
    const pool = (): Pool | undefined => (dataSource.driver as PostgresDriver).master as Pool | undefined;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const current = pool();
        this.set({ state: 'total' }, current?.totalCount ?? 0);
        this.set({ state: 'idle' }, current?.idleCount ?? 0);
        this.set({ state: 'waiting' }, current?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'Largest number of connections the database pool may open.',
      registers: [registry],
      collect() {
        this.set(pool()?.options.max ?? 0);
      },
    });
  }
}
