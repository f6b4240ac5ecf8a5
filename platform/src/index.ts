export { Logger } from 'nestjs-pino';
export { createFastifyAdapter, type PlatformFastifyOptions } from './http/fastify-adapter.js';
export { LoggingModule, type LoggingModuleAsyncOptions } from './logger/logging.module.js';
export type { LoggerOptions } from './logger/pino-http-options.js';
export { MetricsModule, type MetricsModuleAsyncOptions } from './metrics/metrics.module.js';
export type { MetricsOptions } from './metrics/metrics-options.js';
export { MetricsServer } from './metrics/metrics-server.js';
export { enableGracefulShutdown, type GracefulShutdownOptions } from './shutdown/graceful-shutdown.js';
