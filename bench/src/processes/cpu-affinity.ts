import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Which cores the servers and the load generator use. With taskset (util-linux) and at least two cores, servers
 * run on core 0 and this process (autocannon) on the last core, so the load generator does not steal the server's
 * CPU; Postgres joins the load generator (see postgres-affinity.ts). A server's own backend (the api behind web) runs
 * beside the load generator: in production web and api are separate tasks with their own vCPUs. Without taskset
 * nothing is pinned.
 */
export type Placement = 'server' | 'backend';

export interface CpuPlan {
  pinned: boolean;
  serverCpus?: string;
  loadCpus?: string;
  /** Command prefix that runs a server (or a backend) on its cores. */
  prefix(command: string, args: string[], placement: Placement): { command: string; args: string[] };
}

export function planCpus(): CpuPlan {
  const cores = availableParallelism();
  const taskset = hasTaskset();
  if (!taskset || cores < 2) return { pinned: false, prefix: (command, args) => ({ command, args }) };
  const serverCpus = '0';
  const loadCpus = String(cores - 1);
  // -a: every thread of this process, autocannon's included.
  execFileSync('taskset', ['-a', '-cp', loadCpus, String(process.pid)], { stdio: 'ignore' });
  return {
    pinned: true,
    serverCpus,
    loadCpus,
    prefix: (command, args, placement) => ({
      command: 'taskset',
      args: ['-c', placement === 'server' ? serverCpus : loadCpus, command, ...args],
    }),
  };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
