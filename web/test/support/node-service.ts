import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { JsonLog } from './json-log.js';
import { freePort } from './ports.js';

export interface NodeService {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The service's JSON log lines (its stdout). */
  log: JsonLog;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Runs a built service (`dist/main.bundle.js`) as a child process on a free PORT with the given environment, and waits
 * until `healthPath` answers 200.
 */
export async function startNodeService(
  entry: string,
  env: Record<string, string>,
  healthPath: string,
): Promise<NodeService> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`yarn build\` first`);
  const port = await freePort();
  const log = new JsonLog();
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(`${url}${healthPath}`, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function waitUntilHealthy(healthUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `${healthUrl}: the process exited with code ${child.exitCode} while starting:\n${stderr()}`,
      );
    }
    const healthy = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${healthUrl} did not answer 200 within ${STARTUP_TIMEOUT_MS} ms:\n${stderr()}`);
}
