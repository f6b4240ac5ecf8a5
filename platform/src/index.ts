export { contentLength, contentProblem } from './content/message-content.js';
export { API_ANSWER_BUDGET_MS, WEB_API_TIMEOUT_MS } from './http/api-deadline.js';
export {
  createFastifyAdapter,
  type PlatformFastifyOptions,
  SERVER_TIMEOUTS,
  trustLoadBalancerHop,
} from './http/fastify-adapter.js';
export { registerLiveness } from './http/liveness.js';
export { registerWriteRateLimit, type WriteRateLimitOptions } from './http/write-rate-limit.js';
export { BODY_LIMIT_BYTES, DEFAULT_PAGE_SIZE, MAX_CONTENT_LENGTH, MAX_PAGE_SIZE } from './limits.js';
export { AppLogger } from './logger/app-logger.js';
export { createLogger, type LoggerOptions, prettyStream } from './logger/logger.js';
export { LoggingModule } from './logger/logging.module.js';
export { attachErrorToRequestLog, errorForRequestLog } from './logger/request-logging.js';
export { MetricsModule, type MetricsModuleAsyncOptions } from './metrics/metrics.module.js';
export type { MetricsOptions } from './metrics/metrics-options.js';
export { MetricsServer } from './metrics/metrics-server.js';
export { ConfigModule } from './nest/config.module.js';
export { enableGracefulShutdown, type GracefulShutdownOptions } from './shutdown/graceful-shutdown.js';
