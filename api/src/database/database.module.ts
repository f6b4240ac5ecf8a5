import { toDataSourceOptions } from '@iac-experiment/db';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { databasePoolProvider, poolRecordingDriver } from './database-pool.js';
import { entities } from './entities.js';
import { PoolMetrics } from './pool-metrics.js';

/**
 * The TypeORM DataSource and its connection pool. Connection settings, TLS and the connect/statement timeouts that
 * turn a dead database into a fast 503 come from the shared database config (@iac-experiment/db); `synchronize` and
 * `migrationsRun` stay off there, as the migrator alone changes the schema.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...toDataSourceOptions(config.database, { applicationName: 'iac-experiment-api' }),
        entities,
        driver: poolRecordingDriver(),
        logging: false,
        // A database that is still starting (or resuming) at boot: retry for ~30 s before giving up.
        retryAttempts: 10,
        retryDelay: 3000,
      }),
    }),
  ],
  providers: [databasePoolProvider, PoolMetrics],
  exports: [databasePoolProvider],
})
export class DatabaseModule {}
