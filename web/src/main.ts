import { AppLogger, enableGracefulShutdown } from '@iac-experiment/platform';
import { loadWebConfig, WebConfigError } from './config/web-config.js';
import { createWebApp } from './web-app.js';

/** Well inside ECS's 30 s stop timeout; a web request lasts little more than one api timeout (≤ 3 s). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  const config = loadWebConfig(process.env);
  const app = await createWebApp(config);
  enableGracefulShutdown(app, { timeoutMs: SHUTDOWN_TIMEOUT_MS, logger: app.get(AppLogger) });
  await app.listen({ port: config.PORT, host: config.HOST });
  app
    .get(AppLogger)
    .log(`web listening on port ${config.PORT}, calling the api at ${config.API_URL}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // A configuration error names the bad variables; anything else deserves its stack trace.
  console.error(error instanceof WebConfigError ? error.message : error);
  process.exit(1);
});
