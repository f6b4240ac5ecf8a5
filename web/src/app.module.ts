import { LoggingModule, MetricsModule } from '@iac-experiment/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { WebConfig } from './config/web-config.js';
import { WebConfigModule } from './config/web-config.module.js';
import { HealthModule } from './health/health.module.js';
import { MessagesModule } from './messages/messages.module.js';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class AppModule {
  static forRoot(config: WebConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WebConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule.forRootAsync({ useFactory: () => ({ port: config.METRICS_PORT, host: config.HOST }) }),
        HealthModule,
        MessagesModule,
      ],
    };
  }
}
