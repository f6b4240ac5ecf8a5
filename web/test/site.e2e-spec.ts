import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MetricsServer } from '@iac-experiment/platform';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { PUBLIC_DIR } from '../src/paths.js';
import { unescapeHtml } from './support/board-page.js';
import { freePort } from './support/ports.js';
import { startWeb, type TestWeb } from './support/web-app.js';

/** What every response of the site carries, and what it serves besides the board. The api plays no part here. */
describe('web: headers, assets, error pages and metrics', () => {
  let web: TestWeb;
  let html: string;

  const site = () => request(web.app.getHttpServer());
  const cssHref = () => unescapeHtml(/<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1] ?? '');
  const jsSrc = () => unescapeHtml(/<script src="([^"]+)" defer><\/script>/.exec(html)?.[1] ?? '');

  beforeAll(async () => {
    web = await startWeb(`http://127.0.0.1:${await freePort()}`);
    html = (await site().get('/')).text;
  });

  afterAll(async () => {
    await web.app.close();
  });

  describe('security headers', () => {
    it('sends a CSP that allows no inline script and no foreign sources', async () => {
      const response = await site().get('/');
      const csp = parseCsp(String(response.headers['content-security-policy']));

      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      // The ALB may speak plain HTTP: upgrading sub-requests to HTTPS would break the page there.
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    });

    it('needs nothing the CSP forbids: no inline scripts, event handlers or style attributes', () => {
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/\sstyle=/i);
    });

    it.each(['/', '/health', '/static/app.css', '/no-such-page'])(
      'sets the helmet headers on %s',
      async (path) => {
        const response = await site().get(path);

        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          // Not no-referrer: under it browsers post the site's own forms with `Origin: null` (refused as cross-site).
          'referrer-policy': 'same-origin',
          'cross-origin-opener-policy': 'same-origin',
        });
        expect(response.headers['content-security-policy']).toBeDefined();
      },
    );
  });

  describe('static assets', () => {
    it('links CSS and JS by content-versioned URLs', () => {
      const digest = (file: string) =>
        createHash('sha256')
          .update(readFileSync(`${PUBLIC_DIR}/${file}`))
          .digest('base64url')
          .slice(0, 12);

      expect(cssHref()).toBe(`/static/app.css?v=${digest('app.css')}`);
      expect(jsSrc()).toBe(`/static/app.js?v=${digest('app.js')}`);
    });

    it('serves the CSS with a long immutable cache and a validator', async () => {
      const response = await site().get(cssHref());

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers.etag).toBeDefined();
      expect(response.text).toBe(readFileSync(`${PUBLIC_DIR}/app.css`, 'utf8'));
    });

    it('answers a revalidation with 304', async () => {
      const { headers } = await site().get(cssHref());

      const response = await site().get(cssHref()).set('If-None-Match', String(headers.etag));

      expect(response.status).toBe(304);
    });

    it('serves the script as JavaScript', async () => {
      const response = await site().get(jsSrc());

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    });

    it('lets browsers revalidate instead in development, where the files change under a running server', async () => {
      const dev = await startWeb(`http://127.0.0.1:${await freePort()}`, { NODE_ENV: 'development' });
      try {
        const response = await request(dev.app.getHttpServer()).get('/static/app.css');

        expect(response.headers['cache-control']).toBe('public, max-age=0');
      } finally {
        await dev.app.close();
      }
    });

    it.each(['/static/../package.json', '/static/%2e%2e/package.json', '/static/', '/static/missing.css'])(
      'serves nothing outside public/: %s',
      async (path) => {
        const response = await site().get(path);

        expect([403, 404]).toContain(response.status);
        expect(response.text).not.toContain('@iac-experiment/web');
      },
    );
  });

  describe('error pages', () => {
    it('answers an unknown path with an HTML 404 page carrying the request id', async () => {
      const response = await site().get('/no-such-page').set('X-Request-Id', 'lost-1');

      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.text).toContain('<h1>404 &middot; Not Found</h1>');
      expect(response.text).toContain('<code>lost-1</code>');
    });

    it('refuses a form body over 16 KiB with 413', async () => {
      const response = await site()
        .post('/messages')
        .type('form')
        .send({ content: 'x'.repeat(17 * 1024) });

      expect(response.status).toBe(413);
      expect(response.text).toContain('413 &middot; Payload Too Large');
    });

    it('refuses a body type no browser form sends with 415', async () => {
      const response = await site()
        .post('/messages')
        .set('content-type', 'application/xml')
        .send('<content/>');

      expect(response.status).toBe(415);
    });
  });

  describe('metrics', () => {
    it('are served on the metrics port only, with request durations by route template', async () => {
      await site().get('/');
      await site().post('/messages/abc/delete');
      const metricsPort = web.app.get(MetricsServer).port;

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

      expect(metrics).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/",status_code="503"\} \d+/,
      );
      expect(metrics).toContain('route="/messages/:id/delete"');
      expect(metrics).toContain('http_requests_in_flight');
      expect(metrics).toContain('process_cpu_user_seconds_total');
      expect((await site().get('/metrics')).status).toBe(404);
    });
  });
});

function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}
