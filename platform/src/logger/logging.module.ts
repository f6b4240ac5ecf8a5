import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogger } from './app-logger.js';

/**
 * Provides `AppLogger` over the service's pino logger (see createLogger). Create the app with `bufferLogs: true` and
 * call `app.useLogger(app.get(AppLogger))` so that Nest's own messages go through it too.
 */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: AppLogger, useValue: new AppLogger(logger) }],
      exports: [AppLogger],
    };
  }
}
