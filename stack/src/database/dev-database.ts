import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DevConfig } from '../config.js';
import { ManagedProcess } from '../processes/managed-process.js';
import { databaseHostEnv } from './database-host-config.js';

export interface DevDatabase {
  /** Connection URL handed to the migrator and the api. */
  url: string;
  /** The same without the password, for printing. */
  displayUrl: string;
  /** Process group to record for leftover handling; undefined for an external database. */
  pgid?: number;
  stop(): Promise<void>;
}

export type DatabaseHostMessage = { type: 'ready'; url: string };

export interface StartDevDatabaseOptions {
  config: DevConfig;
  prefix: string;
  output: Writable;
  /** Called as soon as the host process exists, before Postgres is ready. */
  onSpawn?: (host: ManagedProcess) => void;
}

/** The database `yarn dev` uses: DATABASE_URL when set, else the persistent embedded Postgres in a host process. */
export async function startDevDatabase({
  config,
  prefix,
  output,
  onSpawn,
}: StartDevDatabaseOptions): Promise<DevDatabase> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return { url, displayUrl: withoutPassword(url), stop: async () => {} };
  }

  const host = new ManagedProcess('db', {
    // The host imports the migrator's TypeScript sources (condition "source") through tsx, so it needs no build.
    command: process.execPath,
    args: ['--import', 'tsx', '--conditions=source', hostScript()],
    cwd: config.repoRoot,
    env: databaseHostEnv(config),
    prefix,
    output,
    ipc: true,
  });
  onSpawn?.(host);
  const stop = () => host.stop(20_000, 'leader');
  const ready = await Promise.race([
    new Promise<DatabaseHostMessage>((resolve) =>
      host.child.once('message', (message) => resolve(message as DatabaseHostMessage)),
    ),
    host.exited.then(({ code, signal }) => {
      throw new Error(
        `the embedded Postgres did not start (${signal ?? `exit code ${code}`}); its output is above`,
      );
    }),
  ]).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  // Its password is the fixed local one, printed so that psql can be pointed at it.
  return { url: ready.url, displayUrl: ready.url, pgid: host.pid, stop };
}

function hostScript(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`./embedded-postgres-host.${extension}`, import.meta.url));
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
