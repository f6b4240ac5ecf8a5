import { ConfigModule, LoggingModule, MetricsModule } from '@iac-experiment/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { WebConfig } from './config/web-config.js';
import { MessagesModule } from './messages/messages.module.js';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class AppModule {
  static forRoot(config: WebConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule.forRootAsync({
          inject: [WebConfig],
          useFactory: (webConfig: WebConfig) => ({ port: webConfig.metricsPort, host: webConfig.host }),
        }),
        MessagesModule,
      ],
    };
  }
}
