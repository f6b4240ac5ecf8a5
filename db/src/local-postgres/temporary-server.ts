import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from './embedded-server.js';
import { isProcessAlive, stopLeftoverPostmaster } from './leftover-postmaster.js';

const ROOT = join(tmpdir(), 'iac-experiment-postgres');
const OWNER_FILE = 'owner.json';
/** A directory younger than this may be one another process is still setting up. */
const SETUP_GRACE_MS = 60_000;

export interface TemporaryServer extends EmbeddedServer {
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * An embedded Postgres in a fresh temporary directory on a free port, owned by this process. Servers left behind by
 * a process that died without cleaning up (SIGKILL) are stopped and deleted the next time one starts.
 */
export async function startTemporaryServer(
  options: Omit<EmbeddedServerOptions, 'dataDir' | 'durable'> = {},
): Promise<TemporaryServer> {
  await reapAbandonedServers();
  await mkdir(ROOT, { recursive: true });
  await chmod(ROOT, 0o755);
  const dir = await mkdtemp(join(ROOT, 'run-'));
  // The postgres user must be able to enter it (see permissions.ts); the data dir inside is its own, mode 0700.
  await chmod(dir, 0o755);
  await writeFile(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid }));
  try {
    const server = await startEmbeddedServer({ ...options, dataDir: join(dir, 'data'), durable: false });
    return {
      port: server.port,
      dataDir: server.dataDir,
      url: server.url,
      urlFor: server.urlFor,
      get running() {
        return server.running;
      },
      start: () => server.start(),
      stop: () => server.stop(),
      async destroy() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function reapAbandonedServers(): Promise<void> {
  const entries = await readdir(ROOT).catch(() => [] as string[]);
  for (const entry of entries) {
    const dir = join(ROOT, entry);
    const owner = await readFile(join(dir, OWNER_FILE), 'utf8')
      .then((text) => (JSON.parse(text) as { pid: number }).pid)
      .catch(() => undefined);
    if (owner !== undefined && isProcessAlive(owner)) continue;
    if (owner === undefined) {
      const info = await stat(dir).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < SETUP_GRACE_MS) continue;
    }
    await stopLeftoverPostmaster(join(dir, 'data')).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
