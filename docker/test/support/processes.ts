import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

export const execFileAsync = promisify(execFile);

/** A port nobody listens on right now (the OS picks it), for servers that cannot listen on port 0. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface RunningProcess {
  name: string;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Resolves once this URL answers 2xx; the process is stopped if it does not within `timeoutMs`. */
  readyUrl: string;
  timeoutMs?: number;
}

export async function startProcess(options: StartOptions): Promise<RunningProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const running: RunningProcess = {
    name: options.name,
    output: () => output,
    stop: (graceMs) => stop(child, graceMs),
  };
  try {
    await waitForHttp(options.readyUrl, options.timeoutMs ?? 30_000, () => child.exitCode !== null);
  } catch (error) {
    await running.stop();
    throw new Error(`${options.name} did not become ready: ${(error as Error).message}\n${output}`);
  }
  return running;
}

/** Polls `url` until it answers 2xx; gives up after `timeoutMs` or as soon as `gaveUp()` says so. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error(`exited while waiting for ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}: ${last} after ${timeoutMs} ms`);
}

async function stop(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}
