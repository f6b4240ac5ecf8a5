import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { groupAlive, stopGroup } from './managed-process.js';
import { ProcessLedger } from './process-ledger.js';
import { descendantsOf, listProcesses } from './process-table.js';

/** A detached group: a Node.js leader with a child of its own, both running until killed. */
function startGroup(command: string, args: string[]): number {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid as number;
}

const nodeWithChild = () =>
  startGroup(process.execPath, [
    '-e',
    "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000);",
  ]);

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await condition()); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('ProcessLedger', () => {
  let dir: string;
  const started: number[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stack-ledger-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((pgid) => stopGroup(pgid, 0)));
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the whole group a killed run recorded, grandchildren included, and forgets it', async () => {
    const pgid = nodeWithChild();
    started.push(pgid);
    await waitFor(async () => descendantsOf(pgid, await listProcesses()).length === 1);
    const grandchild = descendantsOf(pgid, await listProcesses())[0];
    expect(grandchild.pgid).toBe(pgid);

    const file = join(dir, 'dev-processes.json');
    await new ProcessLedger(file).add('api', pgid); // the run that then got SIGKILLed

    expect(await new ProcessLedger(file).stopLeftovers()).toEqual(['api']);
    expect(groupAlive(pgid)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('leaves a recycled group id alone when it holds nothing of ours', async () => {
    const pgid = startGroup('sleep', ['30']);
    started.push(pgid);
    const file = join(dir, 'dev-processes.json');
    await new ProcessLedger(file).add('web', pgid);

    expect(await new ProcessLedger(file).stopLeftovers()).toEqual([]);
    expect(groupAlive(pgid)).toBe(true);
  });

  it('ignores groups that are already gone and a missing or corrupt file', async () => {
    const file = join(dir, 'dev-processes.json');
    expect(await new ProcessLedger(file).stopLeftovers()).toEqual([]);
    const ledger = new ProcessLedger(file);
    await ledger.add('db', 2 ** 22 + 12345); // above Linux's pid_max default: no such group
    expect(await new ProcessLedger(file).stopLeftovers()).toEqual([]);
  });

  it('removes entries as their processes are stopped cleanly', async () => {
    const file = join(dir, 'dev-processes.json');
    const ledger = new ProcessLedger(file);
    await Promise.all([ledger.add('api', 1001), ledger.add('web', 1002)]);
    await ledger.remove(1001);
    await ledger.remove(1002);
    expect(existsSync(file)).toBe(false);
  });
});
