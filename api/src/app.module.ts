import { LoggingModule, MetricsModule } from '@iac-experiment/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MessagesModule } from './messages/messages.module.js';

export interface AppModuleOptions {
  /** Where JSON logs go; stdout when absent (tests read them from a stream). */
  logs?: DestinationStream;
}

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({ level: appConfig.logLevel, destination: options.logs }),
        }),
        MetricsModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({ port: appConfig.metricsPort }),
        }),
        DatabaseModule,
        MessagesModule,
        HealthModule,
      ],
    };
  }
}
