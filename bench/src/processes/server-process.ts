import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { request } from 'node:http';
import type { CpuPlan, Placement } from './cpu-affinity.js';
import { cpuMicros, rssBytes } from './proc-stats.js';

export interface ServerSpec {
  name: string;
  /** The `node` binary. */
  node: string;
  /** Arguments to `node`. */
  args: string[];
  cwd: string;
  /** The whole environment (plus PATH), as a container gets it. */
  env: Record<string, string>;
  port: number;
  healthPath: string;
  /** stdout and stderr go here (appended): the logging cost is paid as in production, where stdout is read. */
  logFile: string;
}

const BOOT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const HEALTH_POLL_MS = 5;

/** A server process under test: started, probed until healthy, measured through /proc, stopped with SIGTERM. */
export class ServerProcess {
  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    /** Process start → first 200 from its health endpoint. */
    readonly bootMs: number,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  get url(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  static async start(
    spec: ServerSpec,
    cpus: CpuPlan,
    placement: Placement = 'server',
  ): Promise<ServerProcess> {
    const { command, args } = cpus.prefix(spec.node, spec.args, placement);
    const log = openSync(spec.logFile, 'a');
    const startedAt = performance.now();
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    let exit: string | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = String(code ?? signal);
        resolve();
      });
      // Instead of 'exit' when it could not be spawned at all (missing cwd or binary).
      child.once('error', (error) => {
        exit = error.message;
        resolve();
      });
    });
    const deadline = startedAt + BOOT_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (exit)
        throw new Error(`${spec.name} exited (${exit}) while booting in ${spec.cwd}: see ${spec.logFile}`);
      if ((await probe(spec.port, spec.healthPath)) === 200) {
        return new ServerProcess(spec, child, exited, performance.now() - startedAt);
      }
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
    child.kill('SIGKILL');
    throw new Error(`${spec.name} was not healthy within ${BOOT_TIMEOUT_MS} ms: see ${spec.logFile}`);
  }

  cpuMicros(): Promise<number> {
    return cpuMicros(this.pid);
  }

  rssBytes(): Promise<number> {
    return rssBytes(this.pid);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Status code of GET path, or 0 when nothing answers. */
export function probe(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
