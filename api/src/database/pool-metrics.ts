import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { Gauge, Registry } from 'prom-client';

/** Connection pool gauges, read from node-postgres' pool under TypeORM at scrape time (nothing on the hot path). */
@Injectable()
export class PoolMetrics {
  constructor(@Inject(Registry) registry: Registry, @Inject(pg.Pool) pool: pg.Pool) {
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'Largest number of connections the database pool may open.',
      registers: [registry],
      collect() {
        this.set(pool.options.max ?? 0);
      },
    });
  }
}
