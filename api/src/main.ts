import { AppConfig, ConfigError } from './config/app-config.js';

function loadConfig(): AppConfig {
  try {
    return AppConfig.fromEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`api: cannot start. ${error.message}\n`);
    process.exit(1);
  }
}

// Configuration first, so a bad one fails in milliseconds, before Nest and its dependencies load.
const config = loadConfig();
const { API_ANSWER_BUDGET_MS, AppLogger, enableGracefulShutdown } = await import('@iac-experiment/platform');
const { createApp } = await import('./app.factory.js');

const app = await createApp(config);
const logger = app.get(AppLogger);
enableGracefulShutdown(app, { timeoutMs: config.shutdownTimeoutMs, logger });
if (config.worstCaseAnswerMs > API_ANSWER_BUDGET_MS) {
  logger.warn(
    `DATABASE_CONNECT_TIMEOUT_MS and DATABASE_STATEMENT_TIMEOUT_MS let an answer take ${config.worstCaseAnswerMs} ms, ` +
      `longer than web waits (${API_ANSWER_BUDGET_MS} ms budget): web may show an error for a post that succeeds`,
    'Bootstrap',
  );
}
await app.listen({ port: config.port, host: config.host });
const address = app.getHttpServer().address();
logger.log(`Listening on port ${typeof address === 'object' ? address?.port : address}`, 'Bootstrap');
