import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';

const fixture = fileURLToPath(new URL('./fixtures/shutdown-main.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, at: Date.now() }));
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const parsed = line.startsWith('{"listening"') ? (JSON.parse(line) as { listening: number }) : undefined;
    if (parsed) return { child, port: parsed.listening, exited };
  }
  throw new Error('fixture exited before listening');
}

function getJson(
  port: number,
  path: string,
  agent: Agent | false,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }));
    }).on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown (real process, real signals)', () => {
  it('on SIGTERM finishes requests in flight, is not held open by idle keep-alive sockets, and exits 0', async () => {
    const { child, port, exited } = await start({ SLOW_MS: '600', SHUTDOWN_TIMEOUT_MS: '5000' });
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 20 });
    // An idle keep-alive connection, as a load balancer keeps them.
    await getJson(port, '/demo/things/warm', keepAlive);

    const inFlight = Array.from({ length: 8 }, () => getJson(port, '/demo/slow', keepAlive));
    await sleep(150);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(150);

    await expect(getJson(port, '/demo/things/late', false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const responses = await Promise.all(inFlight);
    expect(responses).toEqual(Array(8).fill({ status: 200, body: { slept: 600 } }));

    const exit = await exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    // Requests took 600 ms; an idle keep-alive socket holding the server open would take Fastify's 72 s timeout.
    expect(exit.at - signalledAt).toBeLessThan(3000);
    keepAlive.destroy();
  });

  it('exits 0 at once on SIGINT when idle', async () => {
    const { child, exited } = await start({});
    child.kill('SIGINT');
    expect(await exited).toMatchObject({ code: 0, signal: null });
  });

  it('gives up after the shutdown timeout and exits non-zero when a request does not finish', async () => {
    const { child, port, exited } = await start({ SLOW_MS: '20000', SHUTDOWN_TIMEOUT_MS: '500' });
    const stuck = getJson(port, '/demo/slow', false).catch((error: unknown) => error);
    await sleep(150);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const exit = await exited;
    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(3000);
    expect(await stuck).toMatchObject({ code: 'ECONNRESET' });
  });
});
