import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { findFreePort, startLocalPostgres } from '../src/local-postgres/index.js';
import { isProcessAlive, stopLeftoverPostmaster } from '../src/local-postgres/leftover-postmaster.js';
import { query } from '../src/testing/index.js';

const workspace = fileURLToPath(new URL('../', import.meta.url));

/** Runs the local Postgres in another process, as `yarn dev` does, and resolves with its URL once it is up. */
function holdInChildProcess(dataDir: string, port: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/hold-local-postgres.ts', dataDir, String(port)],
    {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = out.match(/\{"url":"([^"]+)"\}/);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`local Postgres holder exited with ${code}`)));
  });
  return { child, url };
}

describe('local persistent Postgres (yarn dev)', () => {
  let parent: string;
  let dataDir: string;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'local-postgres-spec-'));
    await chmod(parent, 0o755);
    dataDir = join(parent, 'postgres');
  });

  afterEach(async () => {
    // Also when the test failed half-way: a postmaster whose Node parent was killed keeps running.
    await stopLeftoverPostmaster(dataDir);
    await rm(parent, { recursive: true, force: true });
  });

  it('keeps data between runs and takes over from a postmaster left behind by a killed run', async () => {
    const port = await findFreePort();
    const first = holdInChildProcess(dataDir, port);
    const url = await first.url;
    await query(url, 'CREATE TABLE kept (note text)');
    await query(url, "INSERT INTO kept VALUES ('written before the crash')");
    const leftover = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(isProcessAlive(leftover)).toBe(true);

    const second = await startLocalPostgres({ dataDir, port: await findFreePort() });
    try {
      expect(isProcessAlive(leftover)).toBe(false);
      expect(second.url).toMatch(/\/iac_experiment$/);
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([
        { note: 'written before the crash' },
      ]);
    } finally {
      await second.stop();
    }
  });
});
