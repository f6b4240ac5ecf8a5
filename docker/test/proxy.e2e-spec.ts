import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoPath } from '../src/repo-paths.js';
import { freePort, type RunningProcess, startProcess } from './support/processes.js';

interface Echo {
  upstream: string;
  url: string;
  forwardedFor?: string;
  requestId?: string;
}

/** An upstream that answers with its own name and what it received. */
async function echoServer(upstream: string): Promise<Server> {
  const server = createServer((request, response) => {
    const echo: Echo = {
      upstream,
      url: request.url ?? '',
      forwardedFor: request.headers['x-forwarded-for'] as string | undefined,
      requestId: request.headers['x-request-id'] as string | undefined,
    };
    response.setHeader('content-type', 'application/json').end(JSON.stringify(echo));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

const httpPath = (workload: string) =>
  (parse(readFileSync(repoPath('copilot', workload, 'manifest.yml'), 'utf8')) as { http: { path: string } })
    .http.path;

// The real Caddy (Debian's `caddy` package) with docker/proxy/Caddyfile, upstreams pointed at local echo servers.
describe('the compose entry proxy (docker/proxy/Caddyfile)', () => {
  let api: Server;
  let web: Server;
  let caddy: RunningProcess;
  let proxyUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'proxy-e2e-'));

  beforeAll(async () => {
    [api, web] = await Promise.all([echoServer('api'), echoServer('web')]);
    const port = await freePort();
    proxyUrl = `http://127.0.0.1:${port}`;
    caddy = await startProcess({
      name: 'caddy',
      command: 'caddy',
      args: ['run', '--config', repoPath('docker', 'proxy', 'Caddyfile'), '--adapter', 'caddyfile'],
      env: {
        PROXY_ADDRESS: `127.0.0.1:${port}`,
        API_UPSTREAM: `127.0.0.1:${(api.address() as AddressInfo).port}`,
        WEB_UPSTREAM: `127.0.0.1:${(web.address() as AddressInfo).port}`,
        HOME: dir,
        XDG_CONFIG_HOME: dir,
        XDG_DATA_HOME: dir,
      },
      readyUrl: `${proxyUrl}/`,
    });
  }, 60_000);

  afterAll(async () => {
    await caddy?.stop();
    api?.close();
    web?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string, headers: Record<string, string> = {}) =>
    (await (await fetch(`${proxyUrl}${path}`, { headers })).json()) as Echo;

  it('mirrors the ALB rules Copilot makes from the manifests (api: /api and /api/*, web: the rest)', () => {
    expect(httpPath('api')).toBe('api');
    expect(httpPath('web')).toBe('/');
  });

  it.each([
    ['/api', 'api'],
    ['/api/', 'api'],
    ['/api/health', 'api'],
    ['/api/messages?limit=2&cursor=abc', 'api'],
    ['/api/docs/static/index.html', 'api'],
    ['/', 'web'],
    ['/?cursor=abc', 'web'],
    ['/messages', 'web'],
    ['/apis', 'web'],
    ['/api-docs', 'web'],
    ['/API/messages', 'web'],
    ['/static/api/x.css', 'web'],
  ])('sends %s to %s with the path unchanged', async (path, upstream) => {
    expect(await get(path)).toMatchObject({ upstream, url: path });
  });

  it('passes the request id through and says who the client was', async () => {
    const echo = await get('/api/health', { 'x-request-id': 'proxy-test-1' });
    expect(echo.requestId).toBe('proxy-test-1');
    expect(echo.forwardedFor).toBe('127.0.0.1');
  });
});
