import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { freePort } from './support/ports.js';
import { type StubServer, startSilentServer } from './support/stub-servers.js';
import { startWeb, type TestWeb } from './support/web-app.js';

const BANNER = 'The message service is unavailable right now.';

describe('web when the api is down', () => {
  let web: TestWeb;

  beforeAll(async () => {
    // Nothing listens there: every connection is refused at once.
    web = await startWeb(`http://127.0.0.1:${await freePort()}`);
  });

  afterAll(async () => {
    await web.app.close();
  });

  it('still renders the board with 503 and a clear banner, quickly', async () => {
    const started = performance.now();

    const response = await request(web.app.getHttpServer()).get('/');

    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain(BANNER);
    expect(response.text).toContain('<form class="message-form" method="post" action="/messages"');
    // A refused connection is not waited out like a timeout.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers a failed post with the banner (503) and keeps the typed text', async () => {
    const response = await request(web.app.getHttpServer())
      .post('/messages')
      .type('form')
      .send({ content: 'Typed while the api was down & <b>bold</b>' });

    expect(response.status).toBe(503);
    expect(response.text).toContain(BANNER);
    expect(response.text).toContain('>Typed while the api was down &amp; &lt;b&gt;bold&lt;/b&gt;</textarea>');
  });

  it('answers a failed delete with the banner (503)', async () => {
    const response = await request(web.app.getHttpServer()).post(
      '/messages/3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1/delete',
    );

    expect(response.status).toBe(503);
    expect(response.text).toContain(BANNER);
  });

  it("keeps web's own health check green: it does not depend on the api", async () => {
    const response = await request(web.app.getHttpServer()).get('/health');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('logs why the api call failed, with the request id of the page', async () => {
    await request(web.app.getHttpServer()).get('/').set('X-Request-Id', 'down-check-1');

    const warning = web.log.lines.find((line) => line.requestId === 'down-check-1' && line.level === 'warn');
    expect(warning?.msg).toMatch(/api unreachable for GET \/api\/messages.*ECONNREFUSED/);
  });
});

describe('web when the api is slow', () => {
  const TIMEOUT_MS = 500;
  let silentApi: StubServer;
  let web: TestWeb;

  beforeAll(async () => {
    silentApi = await startSilentServer();
    web = await startWeb(silentApi.url, { API_TIMEOUT_MS: String(TIMEOUT_MS) });
  });

  afterAll(async () => {
    await web.app.close();
    await silentApi.close();
  });

  it('gives up after API_TIMEOUT_MS and renders 503 with the banner instead of hanging', async () => {
    const started = performance.now();

    const response = await request(web.app.getHttpServer()).get('/');

    const elapsed = performance.now() - started;
    expect(response.status).toBe(503);
    expect(response.text).toContain(BANNER);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('keeps the typed text when a post times out', async () => {
    const response = await request(web.app.getHttpServer())
      .post('/messages')
      .type('form')
      .send({ content: 'slow' });

    expect(response.status).toBe(503);
    expect(response.text).toContain('>slow</textarea>');
  });

  it('waits for the default timeout of at most 3 s when none is configured', async () => {
    const defaultWeb = await startWeb(silentApi.url);
    try {
      const started = performance.now();

      const response = await request(defaultWeb.app.getHttpServer()).get('/');

      expect(response.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await defaultWeb.app.close();
    }
  });
});
