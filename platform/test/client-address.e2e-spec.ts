import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { SERVER_TIMEOUTS, trustLoadBalancerHop } from '../src/http/fastify-adapter.js';
import { createDemoApp } from './fixtures/demo-app.js';

type LogLine = Record<string, unknown> & { requestId?: string; req?: { remoteAddress?: string } };

class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    callback();
  }
  async completed(requestId: string): Promise<LogLine> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const line = this.lines.find((entry) => entry.requestId === requestId && 'res' in entry);
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no completion line for ${requestId}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const WRITE_LIMIT = { perMinute: 3 };

describe('client address, write limit and server timeouts', () => {
  const logs = new LogCapture();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createDemoApp({ logs, writeLimit: WRITE_LIMIT });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('logs the right-most X-Forwarded-For entry as the client address (the one the load balancer appended)', async () => {
    await http()
      .get('/demo/things/1')
      .set('X-Request-Id', 'addr-1')
      .set('X-Forwarded-For', '6.6.6.6, 203.0.113.7')
      .expect(200);
    expect((await logs.completed('addr-1')).req?.remoteAddress).toBe('203.0.113.7');

    await http().get('/demo/things/1').set('X-Request-Id', 'addr-2').expect(200);
    expect((await logs.completed('addr-2')).req?.remoteAddress).toBe('127.0.0.1');
  });

  it('answers a client past its write limit 429 with Retry-After, per client address, and never limits reads', async () => {
    const post = (client: string) =>
      http().post('/demo/notes').set('X-Forwarded-For', `6.6.6.6, ${client}`).send({ text: 'hi' });
    for (let i = 0; i < WRITE_LIMIT.perMinute; i++) expect((await post('198.51.100.1')).status).toBe(201);
    const limited = await post('198.51.100.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/Try again in/) });

    // A spoofed left-hand entry does not make another client, the right-most one does.
    expect((await post('198.51.100.2')).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      await http().get('/demo/things/1').set('X-Forwarded-For', '198.51.100.1').expect(200);
    }
  });

  it('sets the request and keep-alive timeouts explicitly', () => {
    const server = app.getHttpServer();
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeoutMs);
    expect(server.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveTimeoutMs);
    expect(SERVER_TIMEOUTS.keepAliveTimeoutMs).toBeGreaterThan(60_000); // the ALB's idle timeout
  });
});

describe('trustLoadBalancerHop', () => {
  it.each([
    ['10.0.3.7', 0, true],
    ['172.31.0.9', 0, true],
    ['127.0.0.1', 0, true],
    ['::ffff:10.0.3.7', 0, true],
    ['fd00::1', 0, true],
    ['54.12.0.1', 0, false],
    ['10.0.3.7', 1, false],
  ])('peer %s at hop %d: trusted %s', (address, hop, trusted) => {
    expect(trustLoadBalancerHop(address, hop)).toBe(trusted);
  });
});
