import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { LinePrefixer } from './log-prefix.js';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Prefix put in front of each of its output lines. */
  prefix: string;
  output: Writable;
  /** Opens an IPC channel (`process.send` in the child). */
  ipc?: boolean;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** True while any process of the group still exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to a process (`pid`) or a whole group (`-pgid`); one that is already gone is not an error. */
function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * SIGTERM to the whole group, or to its leader alone when the leader stops its own children in order; SIGKILL
 * to whatever is left after `graceMs`. Resolves once the group is empty.
 */
export async function stopGroup(
  pgid: number,
  graceMs: number,
  target: 'group' | 'leader' = 'group',
): Promise<void> {
  send(target === 'group' ? -pgid : pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (!groupAlive(pgid)) return;
  send(-pgid, 'SIGKILL');
  while (groupAlive(pgid)) await sleep(20);
}

/**
 * A child started as the leader of its own process group, so that stopping it also stops what it started
 * (`nest start --watch` runs the app as a grandchild), and so a terminal's Ctrl-C reaches only the
 * orchestrator, which then stops everything in order.
 */
export class ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly exited: Promise<ProcessExit>;
  /** Resolves once its output streams have closed too (everything it printed has been passed on). */
  readonly closed: Promise<void>;

  constructor(
    readonly name: string,
    spec: ProcessSpec,
  ) {
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...(spec.ipc ? (['ipc'] as const) : [])],
    });
    this.child.on('error', () => {}); // a failed spawn leaves pid undefined, reported just below
    if (this.child.pid === undefined) {
      throw new Error(`could not start ${name}: ${spec.command} ${spec.args.join(' ')}`);
    }
    this.pid = this.child.pid;
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.pipe(new LinePrefixer(spec.prefix)).pipe(spec.output, { end: false });
    }
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code, signal }) as ProcessExit);
    this.closed = once(this.child, 'close').then(() => undefined);
  }

  /** Stops the whole group; the leader having exited already is fine. */
  async stop(graceMs = 10_000, target: 'group' | 'leader' = 'group'): Promise<void> {
    await stopGroup(this.pid, graceMs, target);
  }
}

/** Waits for a one-shot command; rejects with `failure` unless it exits 0. Nothing it started may outlive it. */
export async function expectSuccess(child: ManagedProcess, failure: string): Promise<void> {
  const { code, signal } = await child.exited;
  await child.stop(2_000);
  await child.closed;
  if (code !== 0) throw new Error(`${failure} (${signal ? `killed by ${signal}` : `exit code ${code}`})`);
}
