import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface MigratorRun {
  child: ChildProcess;
  /** Resolves with the first JSON log line whose msg matches (a RegExp) or that satisfies the predicate. */
  waitForLine(match: RegExp | ((line: LogLine) => boolean)): Promise<LogLine>;
  exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    lines: LogLine[];
  }>;
}

/**
 * Runs the migrator as the job does: its own process, configured only through the environment given here (nothing
 * inherited from the test process but PATH). `entry` defaults to the real entry point, src/main.ts.
 */
export function startMigrator(env: Record<string, string>, entry = 'src/main.ts'): MigratorRun {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', entry], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: LogLine[] = [];
  const waiters: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const texts = (pending + chunk).split('\n');
    pending = texts.pop() ?? '';
    for (const line of texts.map(parseLine)) {
      if (!line) continue;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Awaited<MigratorRun['exited']>>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, lines }));
  });
  return {
    child,
    exited,
    waitForLine: (match) =>
      new Promise((resolve, reject) => {
        const test = typeof match === 'function' ? match : (line: LogLine) => match.test(line.msg);
        const seen = lines.find(test);
        if (seen) return resolve(seen);
        waiters.push({ test, resolve });
        void exited.then(() =>
          reject(new Error(`migrator exited without logging ${match}:\n${stdout}${stderr}`)),
        );
      }),
  };
}

export async function runMigrator(env: Record<string, string>, entry?: string) {
  return startMigrator(env, entry).exited;
}

function parseLine(text: string): LogLine | undefined {
  try {
    const value = JSON.parse(text) as LogLine;
    return typeof value === 'object' && value !== null && typeof value.msg === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
