import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAlbRouter } from './alb-router.js';
import { deriveRoutes } from './manifest-routes.js';

interface Echo {
  service: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function echoServer(service: string): Server {
  return createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const echo: Echo = { service, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(echo));
  });
}

/** A raw request, so the Host header and method are exactly what a browser would send. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('error', reject);
    req.on('response', async (res) => {
      let text = '';
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
    });
    req.end(options.body);
  });
}

describe('createAlbRouter', () => {
  const api = echoServer('api');
  const web = echoServer('web');
  let router: Server;
  let routerPort: number;
  let deadPort: number;

  beforeAll(async () => {
    const [apiPort, webPort] = await Promise.all([listen(api), listen(web)]);
    const dead = createServer();
    deadPort = await listen(dead);
    dead.close();
    const routes = deriveRoutes([
      { name: 'web', type: 'Load Balanced Web Service', http: { path: '/' } },
      { name: 'api', type: 'Load Balanced Web Service', http: { path: 'api' } },
      { name: 'down', type: 'Load Balanced Web Service', http: { path: 'down' } },
    ]);
    router = createAlbRouter({
      routes,
      targets: {
        api: `http://127.0.0.1:${apiPort}`,
        web: `http://127.0.0.1:${webPort}`,
        down: `http://127.0.0.1:${deadPort}`,
      },
    });
    routerPort = await listen(router);
  });

  afterAll(async () => {
    for (const server of [router, api, web]) {
      server.closeAllConnections();
      server.close();
    }
  });

  it.each([
    ['/api', 'api'],
    ['/api/messages?limit=2', 'api'],
    ['/apix', 'web'],
    ['/', 'web'],
  ])('forwards %s to %s with the path unmodified', async (path, service) => {
    const response = await send(routerPort, path);
    const echo = JSON.parse(response.text) as Echo;
    expect(echo.service).toBe(service);
    expect(echo.url).toBe(path);
  });

  it('keeps Host and adds X-Forwarded-* and a trace id like the ALB', async () => {
    const response = await send(routerPort, '/api/health', { headers: { host: 'app.example.test:8080' } });
    const { headers } = JSON.parse(response.text) as Echo;
    expect(headers.host).toBe('app.example.test:8080');
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-port']).toBe(String(routerPort));
    expect(headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('appends the client to an existing X-Forwarded-For and overwrites the listener headers', async () => {
    const response = await send(routerPort, '/', {
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' },
    });
    const { headers } = JSON.parse(response.text) as Echo;
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-port']).toBe(String(routerPort));
  });

  it('passes method and body through (form posts reach web)', async () => {
    const response = await send(routerPort, '/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'content=%3Cb%3Ehi%3C%2Fb%3E',
    });
    const echo = JSON.parse(response.text) as Echo;
    expect(echo).toMatchObject({
      service: 'web',
      method: 'POST',
      url: '/messages',
      body: 'content=%3Cb%3Ehi%3C%2Fb%3E',
    });
  });

  it('answers 502 with an HTML page when the upstream is down', async () => {
    const response = await send(routerPort, '/down/x');
    expect(response.status).toBe(502);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('502 Bad Gateway');
    expect(response.text).toContain(
      `The down service at http://127.0.0.1:${deadPort} is not answering (ECONNREFUSED)`,
    );
  });

  it('answers 404 where no rule matches, as the ALB default action does', async () => {
    const apiOnly = createAlbRouter({
      routes: deriveRoutes([{ name: 'api', type: 'Load Balanced Web Service', http: { path: 'api' } }]),
      targets: { api: 'http://127.0.0.1:1' },
    });
    const port = await listen(apiOnly);
    const response = await send(port, '/');
    apiOnly.close();
    expect(response.status).toBe(404);
  });

  it('refuses a route table naming a service it has no target for', () => {
    const routes = deriveRoutes([{ name: 'api', type: 'Load Balanced Web Service', http: { path: 'api' } }]);
    expect(() => createAlbRouter({ routes, targets: {} })).toThrow("no local target for service 'api'");
  });
});
