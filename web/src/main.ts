import { AppLogger, enableGracefulShutdown } from '@iac-experiment/platform';
import { ConfigError } from '@iac-experiment/platform/config';
import { WebConfig } from './config/web-config.js';
import { createWebApp } from './web-app.js';

/** Well inside ECS's 30 s stop timeout; a web request lasts little more than one api timeout (≤ 3 s). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  const config = WebConfig.fromEnv(process.env);
  const app = await createWebApp(config);
  enableGracefulShutdown(app, { timeoutMs: SHUTDOWN_TIMEOUT_MS, logger: app.get(AppLogger) });
  await app.listen({ port: config.port, host: config.host });
  app
    .get(AppLogger)
    .log(`web listening on port ${config.port}, calling the api at ${config.apiUrl}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // A configuration error names the bad variables; anything else deserves its stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
