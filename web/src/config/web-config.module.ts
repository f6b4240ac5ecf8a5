import { type DynamicModule, Module } from '@nestjs/common';
import { WEB_CONFIG, type WebConfig } from './web-config.js';

/** Makes the configuration validated at boot injectable everywhere as `@Inject(WEB_CONFIG)`. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class WebConfigModule {
  static forRoot(config: WebConfig): DynamicModule {
    return {
      module: WebConfigModule,
      global: true,
      providers: [{ provide: WEB_CONFIG, useValue: config }],
      exports: [WEB_CONFIG],
    };
  }
}
