import type { INestApplication, LoggerService } from '@nestjs/common';

export interface GracefulShutdownOptions {
  /** Longest the shutdown may take before the process exits anyway (non-zero). Keep it under the load
   * balancer's deregistration delay. */
  timeoutMs: number;
  logger: LoggerService;
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, run the shutdown hooks (which
 * close database pools and the metrics listener), then exit 0. If that takes longer than `timeoutMs`, exit 1.
 *
 * `app.close()` does the ordered part: Fastify's `close()` stops listening, closes idle keep-alive sockets
 * (`forceCloseConnections: 'idle'`) and waits for requests in flight; only then do `onApplicationShutdown`
 * hooks (TypeORM's pool) run. `useProcessExit` makes Nest exit with 0 afterwards instead of re-raising the
 * signal, which would end the process with 128+signal.
 */
export function enableGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  app.enableShutdownHooks(signals, { useProcessExit: true });
  for (const signal of signals) {
    process.once(signal, () => {
      options.logger.log(`${signal} received: draining requests, then exiting`, 'GracefulShutdown');
      setTimeout(() => {
        options.logger.error(
          `Shutdown took longer than ${options.timeoutMs} ms: exiting now`,
          'GracefulShutdown',
        );
        process.exit(1);
      }, options.timeoutMs).unref();
    });
  }
}
