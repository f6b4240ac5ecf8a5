import 'reflect-metadata';
import { runMigrateCommand } from './migrate-command.js';
import { migrations } from './migrations/index.js';

// The container command of the Copilot job: `node dist/main.js`. SIGTERM/SIGINT stop waiting for the lock or
// cancel the running migration, which then rolls back.
const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort());

process.exitCode = await runMigrateCommand({ env: process.env, migrations, signal: controller.signal });
