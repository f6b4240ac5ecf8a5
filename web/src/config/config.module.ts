import { type DynamicModule, Global, Module } from '@nestjs/common';
import { WebConfig } from './web-config.js';

/** Provides the boot-time WebConfig to every module. */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class ConfigModule {
  static forRoot(config: WebConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: WebConfig, useValue: config }],
      exports: [WebConfig],
    };
  }
}
