import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const apiRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtMain = join(apiRoot, 'dist/main.bundle.js');

// What `node dist/main.bundle.js` runs: one bundle of api and the workspaces it imports, built from these sources.
const runtimeBuilds = [
  {
    built: 'api/dist/main.bundle.js',
    sources: ['api/src', 'platform/src', 'db/src/config'],
  },
];

/** Fails clearly when a build the api runs on is missing or older than its sources (run `yarn build`). */
export function assertBuildIsFresh(): void {
  const root = join(apiRoot, '..');
  for (const { built, sources } of runtimeBuilds) {
    let builtAt: number;
    try {
      builtAt = statSync(join(root, built)).mtimeMs;
    } catch {
      throw new Error(`${built} is missing: run \`yarn build\` first`);
    }
    for (const source of sources) {
      if (newestMtime(join(root, source)) > builtAt) {
        throw new Error(`${built} is older than ${source}: run \`yarn build\` first`);
      }
    }
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface BuiltApi {
  child: ChildProcess;
  /** JSON log lines written to stdout so far. */
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the public port once the api logs that it listens (rejects if it exits first). */
  listening: Promise<number>;
}

/** Runs `node dist/main.bundle.js` with exactly `env` (plus PATH), as a container would. */
export function runBuiltApi(env: Record<string, string>): BuiltApi {
  const child = spawn(process.execPath, [builtMain], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, at: Date.now() }) as Exit);
  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      const port = /^Listening on port (\d+)$/.exec(String(entry.msg))?.[1];
      if (port) resolve(Number(port));
    });
    void exited.then((exit) =>
      reject(new Error(`api exited (${exit.code ?? exit.signal}) before listening: ${stderr}`)),
    );
  });
  listening.catch(() => undefined); // awaited only by tests that expect a boot
  return { child, logs, stderr: () => stderr, exited, listening };
}
