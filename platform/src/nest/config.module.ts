import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';

/**
 * Provides the service's configuration, read and validated once at boot (e.g. `AppConfig.fromEnv(process.env)`), to
 * every module. Its class is the injection token: a constructor parameter typed `AppConfig` receives it.
 */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class ConfigModule {
  static forRoot(config: object): DynamicModule {
    const token = config.constructor as Type;
    return { module: ConfigModule, providers: [{ provide: token, useValue: config }], exports: [token] };
  }
}
