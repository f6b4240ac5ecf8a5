import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const START_SERVICE = fileURLToPath(new URL('../bin/start-service.mjs', import.meta.url));

/** A workspace whose Dockerfile runs main.js with heap flags; main.js reports what it was started with. */
async function fakeWorkspace(main: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'start-service-'));
  await writeFile(
    join(dir, 'Dockerfile'),
    'FROM scratch\nCMD ["node", "--old-flag", "old.js"]\nCMD ["node", "--max-old-space-size=64", "--no-allocation-site-pretenuring", "main.js"]\n',
  );
  await writeFile(join(dir, 'main.js'), main);
  return dir;
}

function run(dir: string, onOutput?: (text: string, signal: (s: NodeJS.Signals) => void) => void) {
  const child = spawn(process.execPath, [START_SERVICE], { cwd: dir });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    onOutput?.(output, (signal) => child.kill(signal));
  });
  return new Promise<{ output: string; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ output, code, signal })),
  );
}

describe('start-service (yarn start of api and web)', () => {
  it("runs the Dockerfile's last CMD, node flags included, and exits with the service's code", async () => {
    const dir = await fakeWorkspace(
      'console.log(JSON.stringify({ flags: process.execArgv, entry: process.argv[1] })); process.exit(3);',
    );
    try {
      const { output, code } = await run(dir);
      const started = JSON.parse(output) as { flags: string[]; entry: string };
      expect(started.flags).toEqual(['--max-old-space-size=64', '--no-allocation-site-pretenuring']);
      expect(started.entry).toBe(join(dir, 'main.js'));
      expect(code).toBe(3);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('passes SIGTERM on to the service, which drains and exits on its own terms', async () => {
    const dir = await fakeWorkspace(
      "process.on('SIGTERM', () => { console.log('draining'); setTimeout(() => process.exit(0), 50); });" +
        "console.log('ready'); setInterval(() => {}, 1000);",
    );
    try {
      let signalled = false;
      const { output, code } = await run(dir, (text, signal) => {
        if (!signalled && text.includes('ready')) {
          signalled = true;
          signal('SIGTERM');
        }
      });
      expect(output).toContain('draining');
      expect(code).toBe(0);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
