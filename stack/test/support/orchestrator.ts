import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { descendantsOf, listProcesses, type ProcessInfo } from '../../src/processes/process-table.js';

const STACK_DIR = fileURLToPath(new URL('../../', import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

/** `count` distinct ports that were free a moment ago (all held open together, so none repeats). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    server.listen(0);
    await once(server, 'listening');
    servers.push(server);
  }
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export interface DevPorts {
  router: number;
  api: number;
  web: number;
  database: number;
}

/** Settings a developer's shell may hold from production work: `yarn dev` must keep them from its children. */
const PRODUCTION_SHELL: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  DB_SECRET: JSON.stringify({
    host: '192.0.2.1',
    port: 5432,
    dbname: 'prod',
    username: 'prod',
    password: 'x',
  }),
  DATABASE_SSL: 'verify',
  PORT: '1',
  METRICS_PORT: '2',
  API_URL: 'http://192.0.2.1',
};

/** The environment of a `yarn dev` run on free ports, from a shell holding production settings. */
export async function devEnv(
  dataDir: string,
  databaseUrl?: string,
): Promise<{ env: NodeJS.ProcessEnv; ports: DevPorts }> {
  const [router, api, web, apiMetrics, webMetrics, database] = await freePorts(6);
  const { DATABASE_URL: _ignored, NODE_OPTIONS: _jestsOwn, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...PRODUCTION_SHELL,
    DEV_DATA_DIR: dataDir,
    DEV_ROUTER_PORT: String(router),
    DEV_API_PORT: String(api),
    DEV_WEB_PORT: String(web),
    DEV_API_METRICS_PORT: String(apiMetrics),
    DEV_WEB_METRICS_PORT: String(webMetrics),
    DEV_DB_PORT: String(database),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  return { env, ports: { router, api, web, database } };
}

/** `yarn dev`'s own command line (stack/package.json: `tsx src/dev.ts`), as a child process. */
export class Orchestrator {
  readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [TSX_CLI, 'src/dev.ts'], { cwd: STACK_DIR, env, stdio: 'pipe' });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
      });
    }
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code, signal }));
  }

  get log(): string {
    return this.output;
  }

  /** The last lines of its output, for failure messages. */
  tail(lines = 60): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  async waitUntilUp(timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    while (!this.output.includes('The stack is up')) {
      if (exited) throw new Error(`yarn dev exited before the stack was up:\n${this.tail()}`);
      if (Date.now() > deadline)
        throw new Error(`yarn dev was not up within ${timeoutMs / 1000} s:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Every process it started, directly or not, as of now (postgres's own children included). */
  async processTree(): Promise<ProcessInfo[]> {
    return descendantsOf(this.child.pid as number, await listProcesses());
  }
}

/** Those of `processes` still running, by pid and command line (a recycled pid runs something else). */
export async function stillRunning(processes: ProcessInfo[]): Promise<ProcessInfo[]> {
  const now = await listProcesses();
  return processes.filter((before) =>
    now.some((info) => info.pid === before.pid && info.args === before.args),
  );
}

export async function waitUntilGone(processes: ProcessInfo[], timeoutMs = 10_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let left = await stillRunning(processes);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = await stillRunning(processes);
  }
  return left;
}
