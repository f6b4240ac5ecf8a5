import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { expectSuccess, groupAlive, ManagedProcess, type ProcessSpec } from './managed-process.js';
import { descendantsOf, listProcesses } from './process-table.js';

function collector(): { output: Writable; text: () => string } {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { output, text: () => text };
}

function nodeSpec(script: string, output: Writable, prefix = '[t] '): ProcessSpec {
  return {
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: process.env,
    prefix,
    output,
  };
}

describe('ManagedProcess', () => {
  it('prefixes every line of stdout and stderr', async () => {
    const { output, text } = collector();
    const child = new ManagedProcess(
      't',
      nodeSpec("console.log('out 1\\nout 2'); console.error('err')", output),
    );
    await expectSuccess(child, 'failed');
    expect(text().split('\n').sort()).toEqual(['', '[t] err', '[t] out 1', '[t] out 2']);
  });

  it('rejects with the given message and the exit code when the command fails', async () => {
    const { output } = collector();
    const child = new ManagedProcess('t', nodeSpec('process.exit(3)', output));
    await expect(expectSuccess(child, 'the step failed')).rejects.toThrow('the step failed (exit code 3)');
  });

  it('stops the whole group, grandchildren included, escalating to SIGKILL when SIGTERM is ignored', async () => {
    const { output } = collector();
    const script = [
      "process.on('SIGTERM', () => {});",
      "require('child_process').spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { stdio: 'inherit' });",
      "console.log('ready'); setInterval(() => {}, 1000);",
    ].join('\n');
    const child = new ManagedProcess('t', nodeSpec(script, output));
    for (let i = 0; i < 100 && descendantsOf(child.pid, await listProcesses()).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(descendantsOf(child.pid, await listProcesses())).toHaveLength(1);

    await child.stop(300);
    expect(groupAlive(child.pid)).toBe(false);
    expect((await child.exited).signal).toBe('SIGKILL');
  });

  it('reports a command that cannot be started', () => {
    const { output } = collector();
    expect(
      () => new ManagedProcess('t', { ...nodeSpec('', output), command: '/nonexistent/command' }),
    ).toThrow('could not start t: /nonexistent/command');
  });
});
