import { type DynamicModule, Module, type ModuleMetadata, RequestMethod } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { type LoggerOptions, pinoHttpOptions } from './pino-http-options.js';

export interface LoggingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: unknown[];
  useFactory: (...args: never[]) => LoggerOptions | Promise<LoggerOptions>;
}

/**
 * JSON logs through nestjs-pino. Use with `bufferLogs: true` and `app.useLogger(app.get(Logger))` so Nest's own
 * messages go through pino too.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class LoggingModule {
  static forRootAsync(options: LoggingModuleAsyncOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        PinoLoggerModule.forRootAsync({
          imports: options.imports,
          inject: options.inject as never[],
          useFactory: async (...args: unknown[]) => {
            const { level, destination } = await options.useFactory(...(args as never[]));
            const pinoHttp = pinoHttpOptions(level);
            return {
              pinoHttp: destination ? [pinoHttp, destination] : pinoHttp,
              // nestjs-pino's default catch-all gets a leading slash prepended on Fastify and then matches only `/`.
              // `*path` misses `/` itself (web's board); the optional wildcard `{*path}` matches every path.
              forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            };
          },
        }),
      ],
      exports: [PinoLoggerModule],
    };
  }
}
