import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { MetricsServer } from '../src/metrics/metrics-server.js';
import { createDemoApp, Gate } from './fixtures/demo-app.js';

type LogLine = Record<string, unknown> & { requestId?: string; msg?: string };

class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    callback();
  }
  forRequest(requestId: string): LogLine[] {
    return this.lines.filter((line) => line.requestId === requestId);
  }
  /** The request's lines once its completion line is written (on the response's 'finish', which can trail the
   * client receiving it). */
  async completed(requestId: string): Promise<LogLine[]> {
    await until(() => this.forRequest(requestId).some((line) => 'res' in line));
    return this.forRequest(requestId);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('platform: request ids, logs and metrics on a real Fastify server', () => {
  const logs = new LogCapture();
  const gate = new Gate();
  let app: NestFastifyApplication;
  let metricsUrl: string;

  beforeAll(async () => {
    app = await createDemoApp({ logs, gate });
    await app.listen({ port: 0, host: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${app.get(MetricsServer).port}`;
  });

  afterAll(async () => {
    gate.release();
    await app.close();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  describe('request id', () => {
    it('echoes a valid X-Request-Id and logs the request under it, without headers', async () => {
      const response = await request(app.getHttpServer())
        .get('/demo/things/42')
        .set('X-Request-Id', 'trace-abc.123')
        .set('Authorization', 'Bearer super-secret-token');
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toBe('trace-abc.123');

      const lines = await logs.completed('trace-abc.123');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'info',
        msg: 'request completed',
        req: { method: 'GET', url: '/demo/things/42' },
        res: { statusCode: 200 },
      });
      expect(typeof lines[0]?.responseTime).toBe('number');
      expect(JSON.stringify(logs.lines)).not.toContain('super-secret-token');
    });

    it('generates a UUID when the header is missing', async () => {
      const response = await request(app.getHttpServer()).get('/demo/things/1');
      const id = response.headers['x-request-id'];
      expect(id).toMatch(UUID);
      expect(await logs.completed(id)).toHaveLength(1);
    });

    it('replaces an unsafe or oversized header with a UUID', async () => {
      for (const unsafe of ['has spaces and "quotes"', 'x'.repeat(129), 'line\\nbreak']) {
        const response = await request(app.getHttpServer()).get('/demo/things/1').set('X-Request-Id', unsafe);
        expect(response.headers['x-request-id']).toMatch(UUID);
      }
    });

    it('is echoed and logged on unknown routes and errors too, with 5xx logged at error level', async () => {
      const notFound = await request(app.getHttpServer()).get('/nowhere').set('X-Request-Id', 'req-404');
      expect(notFound.status).toBe(404);
      expect(notFound.headers['x-request-id']).toBe('req-404');
      expect((await logs.completed('req-404'))[0]).toMatchObject({ level: 'info', res: { statusCode: 404 } });

      const boom = await request(app.getHttpServer()).get('/demo/boom').set('X-Request-Id', 'req-500');
      expect(boom.status).toBe(500);
      expect(boom.headers['x-request-id']).toBe('req-500');
      expect((await logs.completed('req-500')).some((line) => line.level === 'error')).toBe(true);
    });

    it('is on what Nest logs while handling the request, body parsed or not', async () => {
      await request(app.getHttpServer())
        .post('/demo/notes')
        .set('X-Request-Id', 'req-note')
        .send({ text: 'hello' })
        .expect(201);
      const lines = await logs.completed('req-note');
      expect(lines).toEqual([
        expect.objectContaining({ level: 'warn', context: 'DemoController', msg: 'note of 5 characters' }),
        expect.objectContaining({ msg: 'request completed', res: { statusCode: 201 } }),
      ]);
    });

    it('skips only the successes of a route whose config sets logFailuresOnly, whose metrics are kept', async () => {
      const server = app.getHttpServer();
      await request(server).get('/demo/probe/up').set('X-Request-Id', 'probe-up').expect(200);
      await request(server).get('/demo/probe/down').set('X-Request-Id', 'probe-down').expect(503);
      await request(server).get('/demo/probe/sideways').set('X-Request-Id', 'probe-404').expect(404);

      // Lines are written in the order requests complete: once the later ones are in, the first would be too.
      expect(await logs.completed('probe-down')).toEqual([
        expect.objectContaining({ level: 'error', res: { statusCode: 503 } }),
      ]);
      expect(await logs.completed('probe-404')).toEqual([
        expect.objectContaining({ level: 'info', res: { statusCode: 404 } }),
      ]);
      expect(logs.forRequest('probe-up')).toEqual([]);
      expect(await scrape()).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/demo\/probe\/:state",status_code="200"\} 1$/m,
      );
    });

    it('liveness answers with no log line, an uncached Terminus-shaped body, its request id and its metrics', async () => {
      const server = app.getHttpServer();
      const live = await request(server).get('/demo/live').set('X-Request-Id', 'live-1').expect(200);
      expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      expect(live.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(live.headers['cache-control']).toBe('no-store');
      expect(live.headers['x-request-id']).toBe('live-1');
      await request(server).get('/demo/things/live-after').set('X-Request-Id', 'after-live').expect(200);

      expect(await logs.completed('after-live')).toHaveLength(1);
      expect(logs.forRequest('live-1')).toEqual([]);
      expect(await scrape()).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/demo\/live",status_code="200"\} 1$/m,
      );
    });

    it('is echoed when Fastify itself rejects the request (body over the limit)', async () => {
      const response = await request(app.getHttpServer())
        .post('/demo/things/1')
        .set('X-Request-Id', 'req-413')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ big: 'x'.repeat(2048) }));
      expect(response.status).toBe(413);
      expect(response.headers['x-request-id']).toBe('req-413');
    });
  });

  describe('metrics', () => {
    it('serves default process metrics and the HTTP histogram by method, route template and status', async () => {
      await request(app.getHttpServer()).get('/demo/things/7').expect(200);
      await request(app.getHttpServer()).get('/demo/things/missing').expect(404);
      await request(app.getHttpServer()).get('/no/such/route').expect(404);

      const text = await scrape();
      expect(text).toContain('process_cpu_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/demo\/things\/:id",status_code="200"\} [1-9]/,
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/demo\/things\/:id",status_code="404"\} [1-9]/,
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\}/,
      );
      expect(text).not.toContain('route="/demo/things/7"');
      expect(text).not.toContain('/no/such/route');
    });

    it('counts requests in flight', async () => {
      const held = Array.from({ length: 3 }, () =>
        request(app.getHttpServer())
          .get('/demo/held')
          .then((r) => r),
      );
      await until(() => gate.waiting === 3);
      expect(await scrape()).toMatch(/^http_requests_in_flight 3$/m);
      gate.release();
      const responses = await Promise.all(held);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await scrape()).toMatch(/^http_requests_in_flight 0$/m);
    });

    it('is not served on the public port, and the metrics port serves nothing else', async () => {
      await request(app.getHttpServer()).get('/metrics').expect(404);
      expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
      expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
