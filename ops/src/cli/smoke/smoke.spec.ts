import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CliError } from '../shared/cli-error.js';
import { CapturedOutput } from '../testing/captured-output.js';
import { FakeClock } from '../testing/fake-clock.js';
import { startLocalServer } from '../testing/local-server.js';
import { smoke } from './smoke.js';

const PAGE = '<!doctype html><html lang="en"><head><title>Messages</title></head><body></body></html>';

function healthyApp(request: IncomingMessage, response: ServerResponse): void {
  if (request.url === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  } else if (request.url === '/api/health') {
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"status":"ok","info":{},"error":{},"details":{}}');
  } else {
    response.writeHead(404).end();
  }
}

describe('smoke', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  let clock: FakeClock;
  let output: CapturedOutput;

  const check = (url: string, timeoutMs = 60_000) =>
    smoke(
      { baseUrl: url, timeoutMs, intervalMs: 1_000, maxIntervalMs: 8_000, requestTimeoutMs: 2_000 },
      { clock, output },
    );

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const serve = async (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
    clock = new FakeClock();
    output = new CapturedOutput();
    server = await startLocalServer(handler);
    return server.url;
  };

  it('passes when / renders HTML and /api/health is ok', async () => {
    const url = await serve(healthyApp);

    await check(url);

    expect(output.stdout).toEqual([`Smoke test passed against ${url} (round 1).`]);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries with backoff while the deployment settles, then passes', async () => {
    let requests = 0;
    const url = await serve((request, response) => {
      requests++;
      if (requests <= 4) return void response.writeHead(503).end('Service Unavailable');
      healthyApp(request, response);
    });

    await check(url);

    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(output.stdout).toEqual([`Smoke test passed against ${url} (round 3).`]);
    expect(output.stderr).toContain('✗ web renders /: status 503');
  });

  it('fails within the time budget when the api stays unhealthy', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/api/health') {
        return void response.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error"}');
      }
      healthyApp(request, response);
    });

    const failure = check(url, 20_000);

    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(
      /after 6 rounds in 20s:\n {2}- api \/api\/health is healthy: status 503/,
    );
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 5_000]);
  });

  it('rejects a 200 that is not the page or not a healthy status', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shutting_down"}');
    });

    await expect(check(url, 0)).rejects.toThrow(
      'web renders /: content-type application/json\n  - api /api/health is healthy: health status "shutting_down" (expected "ok")',
    );
  });

  it('reports a connection that cannot be made', async () => {
    const url = await serve(healthyApp);
    await server?.close();
    server = undefined;

    await expect(check(url, 0)).rejects.toThrow(/web renders \/: fetch failed \(ECONNREFUSED\)/);
  });

  it('does not wait forever on a server that never answers', async () => {
    const url = await serve(() => {
      // Accepts the connection and never responds.
    });

    await expect(
      smoke(
        { baseUrl: url, timeoutMs: 0, intervalMs: 1, maxIntervalMs: 1, requestTimeoutMs: 50 },
        { clock, output },
      ),
    ).rejects.toThrow(/web renders \/: no answer within the request timeout/);
  });
});
