import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { waitForHttp } from './wait-for-http.js';

async function serve(statusAfter: (hit: number) => number): Promise<{ url: string; close: () => void }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(statusAfter(hits)).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/health`, close: () => server.close() };
}

describe('waitForHttp', () => {
  it('resolves once the URL answers 2xx, after earlier failures', async () => {
    const server = await serve((hit) => (hit < 3 ? 503 : 200));
    await expect(waitForHttp(server.url, { timeoutMs: 10_000 })).resolves.toBeUndefined();
    server.close();
  });

  it('gives up at once when the process that should answer has exited', async () => {
    const started = Date.now();
    await expect(
      waitForHttp('http://127.0.0.1:1/health', {
        timeoutMs: 10_000,
        giveUp: Promise.resolve('api exited (code 1)'),
      }),
    ).rejects.toThrow('will not answer: api exited (code 1)');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out naming the last answer', async () => {
    const server = await serve(() => 500);
    await expect(waitForHttp(server.url, { timeoutMs: 600 })).rejects.toThrow(
      /did not answer within 1 s \(last: HTTP 500\)/,
    );
    server.close();
  });
});
