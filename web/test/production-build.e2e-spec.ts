import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NodeService, startNodeService } from './support/node-service.js';
import { freePort } from './support/ports.js';

const entry = fileURLToPath(new URL('../dist/main.bundle.js', import.meta.url));

/** The built app as the Docker image runs it (`node dist/main.bundle.js`): views and assets resolve from dist/ too. */
describe('web from its build output', () => {
  let web: NodeService;

  beforeAll(async () => {
    web = await startNodeService(
      entry,
      { NODE_ENV: 'production', METRICS_PORT: '0', API_URL: `http://127.0.0.1:${await freePort()}` },
      '/health',
    );
  });

  afterAll(async () => {
    await web?.stop();
  });

  it('renders the board (here with the api-down banner) and serves its stylesheet', async () => {
    const page = await fetch(`${web.url}/`);
    const html = await page.text();
    const cssHref = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#x3D;', '=') ?? '';

    expect(page.status).toBe(503);
    expect(html).toContain('The message service is unavailable right now.');
    const css = await fetch(`${web.url}${cssHref}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await css.text()).toContain('.message-list');
  });

  it('logs JSON with the request id', async () => {
    await fetch(`${web.url}/`, { headers: { 'X-Request-Id': 'from-dist-1' } });
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(web.log.requests('GET', '/').some((line) => line.requestId === 'from-dist-1')).toBe(true);
  });

  it('exits 0 on SIGTERM', async () => {
    await expect(web.stop()).resolves.toBe(0);
  });
});

describe('web with an invalid configuration', () => {
  it('refuses to start and names the variable', async () => {
    await expect(
      startNodeService(entry, { API_URL: 'not a url', API_TIMEOUT_MS: '10000' }, '/health'),
    ).rejects.toThrow(/API_URL: .*\n.*API_TIMEOUT_MS: /s);
  });
});
