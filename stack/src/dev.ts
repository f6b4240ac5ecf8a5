import { ConfigError } from '@iac-experiment/platform/config';
import { type DevConfig, loadDevConfig } from './config.js';
import { DevStack } from './dev-stack.js';
import { describeRoutes } from './routing/manifest-routes.js';

// `yarn dev`: the whole stack in the foreground until Ctrl-C (SIGINT) or SIGTERM.
let config: DevConfig;
try {
  config = loadDevConfig(process.env, undefined, { terminal: process.stdout.isTTY === true });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const stack = new DevStack({
  config,
  output: process.stdout,
  color: process.stdout.isTTY && !config.noColor,
});

// One Ctrl-C can arrive more than once: the terminal signals yarn, tsx and this process, and tsx relays it
// again when this process is slow to acknowledge. Only a repeat well after the first one means "hurry up".
const REPEAT_MEANS_FORCE_AFTER_MS = 2_000;
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      stack.log(`${signal}: stopping everything…`);
      void stack.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          stack.log(`stopping failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    } else if (Date.now() - firstSignalAt > REPEAT_MEANS_FORCE_AFTER_MS) {
      stack.log(`${signal} again: killing without waiting`);
      void stack.kill();
    }
  });
}

const startedAt = Date.now();
try {
  await stack.start();
  const { urls } = stack;
  stack.log(
    [
      '',
      `The stack is up (${((Date.now() - startedAt) / 1000).toFixed(1)} s):`,
      `  App (routed like the production ALB)  ${urls.router}`,
      `  api directly                          ${urls.api}   (Swagger UI: ${urls.api}/docs)`,
      `  web directly                          ${urls.web}`,
      `  database                              ${urls.database}`,
      `Routes from copilot/*/manifest.yml, first match wins:`,
      ...describeRoutes(stack.routes).map((line) => `  ${line}`),
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  const reason = await stack.crashed;
  if (firstSignalAt === undefined) {
    stack.log(`${reason}: stopping everything`);
    await stack.stop();
    process.exit(1);
  }
} catch (error) {
  if (firstSignalAt === undefined) {
    stack.log(`could not start the stack: ${(error as Error).message}`);
    await stack.stop();
    process.exit(1);
  }
}
