import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { descendants, parentPid } from './proc-stats.js';

/**
 * Keeps Postgres off the measured core. In production Postgres runs on other machines (Aurora), so every CPU
 * cycle on a Fargate task's vCPU is the server's own; on one machine, an unpinned Postgres lands on the server's
 * core and bills its CPU to whichever side is measured. The postmaster is pinned first, so every backend it forks
 * later inherits the load generator's core; the processes it already has are pinned too.
 */
export interface PinnedPostgres {
  postmasterPid: number;
  cpus: string;
  /** Puts the postmaster and every process it has now back on the cores it had. */
  restore(): void;
}

export async function pinPostgres(serverUrl: string, cpus: string): Promise<PinnedPostgres> {
  const postmasterPid = await findPostmaster(serverUrl);
  const original = affinity(postmasterPid);
  const pinAll = (list: string) => {
    for (const pid of [postmasterPid, ...descendants(postmasterPid)]) setAffinity(pid, list);
  };
  pinAll(cpus);
  return { postmasterPid, cpus, restore: () => pinAll(original) };
}

/** The postmaster of the server at `serverUrl`: the parent of this connection's backend, on this machine. */
export async function findPostmaster(serverUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backendPid = rows[0]?.pid;
    if (backendPid === undefined) throw new Error('pg_backend_pid() returned nothing');
    const postmasterPid = parentPid(backendPid);
    if (postmasterPid === undefined || !isPostgres(postmasterPid)) {
      throw new Error(
        `the Postgres at ${new URL(serverUrl).host} does not run on this machine (backend ${backendPid} is not a local postgres process): it cannot be pinned`,
      );
    }
    return postmasterPid;
  } finally {
    await client.end();
  }
}

/** The CPU list a process may run on, as taskset and /proc print it (e.g. "0-1"). */
export function affinity(pid: number): string {
  const match = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no Cpus_allowed_list for process ${pid}`);
  return match[1];
}

function setAffinity(pid: number, cpus: string): void {
  try {
    // -a: all threads of the process.
    execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
  } catch (error) {
    // A backend that exited in between is fine; the postmaster must take it.
    if (existsProcess(pid)) throw error;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return /^postgres/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
  } catch {
    return false;
  }
}

function existsProcess(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/status`);
    return true;
  } catch {
    return false;
  }
}
