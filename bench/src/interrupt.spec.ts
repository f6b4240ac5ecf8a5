import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OwnedPostgres, query, startOwnedPostgres } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './paths.js';
import { affinity, findPostmaster } from './processes/postgres-affinity.js';
import { descendants } from './processes/proc-stats.js';

const alive = (pid: number) => {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

function waitForOutput(child: ChildProcess, pattern: RegExp, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(output())) {
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', () => reject(new Error(`the bench exited before ${pattern}:\n${output()}`)));
  });
}

describe('yarn bench, interrupted with Ctrl-C while it measures', () => {
  let postgres: OwnedPostgres;
  let outDir: string;
  beforeAll(async () => {
    postgres = await startOwnedPostgres();
    outDir = await mkdtemp(join(tmpdir(), 'bench-interrupt-'));
  }, 60_000);
  afterAll(async () => {
    await postgres?.destroy();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('stops its servers, drops its databases, gives Postgres its cores back and exits 130', async () => {
    const postmaster = await findPostmaster(postgres.url);
    const cores = affinity(postmaster);
    const args = ['bench', '--quick', '--sizes', '1000', '--scenarios', 'health', '--boots', '1'];
    // Its own process group, signalled as a whole: what a terminal does on Ctrl-C.
    const bench = spawn('yarn', [...args, '--node', process.execPath, '--out', outDir], {
      cwd: REPO_ROOT,
      detached: true,
      env: { ...process.env, DATABASE_URL: postgres.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bench.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    bench.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => bench.once('exit', (code) => resolve(code)));

    // The first window's result: servers are up and Postgres is pinned while the next one runs.
    await waitForOutput(bench, /\[1,000\] health\s+api\s+r1:/, () => output);
    expect(affinity(postmaster)).not.toBe(cores);
    const processes = descendants(bench.pid as number);
    process.kill(-(bench.pid as number), 'SIGINT');

    expect(await exited).toBe(130);
    expect(output).toContain('SIGINT: stopping servers and cleaning up');
    expect(processes.filter(alive)).toEqual([]);
    expect(affinity(postmaster)).toBe(cores);
    expect(await query(postgres.url, "SELECT datname FROM pg_database WHERE datname LIKE 'bench%'")).toEqual(
      [],
    );
  }, 120_000);
});
