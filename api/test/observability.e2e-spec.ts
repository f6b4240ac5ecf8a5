import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { apiSuite } from './support/api-suite.js';

type LogLine = Record<string, unknown>;

class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    callback();
  }
  /** The request's completion line, once written (it follows the response's 'finish'). */
  async completion(requestId: string): Promise<LogLine> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const line = this.lines.find((candidate) => candidate.requestId === requestId && 'res' in candidate);
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no log line for ${requestId}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const logs = new LogCapture();
const suite = apiSuite({ prefix: 'api_observability', logs });

async function scrape(): Promise<string> {
  const response = await fetch(`${suite.api.metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('logs', () => {
  it('writes one JSON line per request with its requestId, and no bodies or secret headers', async () => {
    const secret = 'message-body-that-must-not-be-logged';
    await request(suite.api.server)
      .post('/api/messages')
      .set('X-Request-Id', 'log-test-1')
      .set('Authorization', 'Bearer token-that-must-not-be-logged')
      .send({ content: secret })
      .expect(201);
    const line = await logs.completion('log-test-1');
    expect(line).toMatchObject({
      level: 'info',
      requestId: 'log-test-1',
      req: { method: 'POST', url: '/api/messages' },
      res: { statusCode: 201 },
      msg: 'request completed',
    });
    expect(logs.lines.filter((candidate) => candidate.requestId === 'log-test-1')).toHaveLength(1);
    const everything = JSON.stringify(logs.lines);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('token-that-must-not-be-logged');
    expect(everything).not.toContain(suite.database.url);
    expect(everything).not.toContain(new URL(suite.database.apiUrl).password);
  });

  it('logs client errors at info with their request id', async () => {
    await request(suite.api.server).get('/api/messages/nope').set('X-Request-Id', 'log-test-2').expect(400);
    expect(await logs.completion('log-test-2')).toMatchObject({ level: 'info', res: { statusCode: 400 } });
  });

  it("does not log the load balancer's successful liveness probes, and logs readiness checks", async () => {
    await request(suite.api.server).get('/api/health').set('X-Request-Id', 'log-live').expect(200);
    await request(suite.api.server).get('/api/health/ready').set('X-Request-Id', 'log-ready').expect(200);
    expect(await logs.completion('log-ready')).toMatchObject({ req: { url: '/api/health/ready' } });
    // Lines are written in the order requests complete: the probe's would be in by now.
    expect(logs.lines.filter((line) => line.requestId === 'log-live')).toEqual([]);
  });
});

describe('metrics', () => {
  it('are served on the separate metrics port, not on the public one', async () => {
    await request(suite.api.server).get('/api/metrics').expect(404);
    await request(suite.api.server).get('/metrics').expect(404);
    expect(suite.api.metricsUrl).not.toBe(suite.api.url);
  });

  it('export process defaults, the HTTP histogram by route template, in-flight requests and the DB pool', async () => {
    const created = await request(suite.api.server)
      .post('/api/messages')
      .send({ content: 'metered' })
      .expect(201);
    await request(suite.api.server).get(`/api/messages/${created.body.id}`).expect(200);
    await request(suite.api.server).get('/api/messages/00000000-0000-4000-8000-000000000000').expect(404);
    await request(suite.api.server).get('/api/does-not-exist').expect(404);

    const text = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`\n${name}`);
    }
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const count = (labels: string) =>
      new RegExp(`^http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1];
    expect(Number(count('method="POST",route="/api/messages",status_code="201"'))).toBeGreaterThanOrEqual(1);
    expect(Number(count('method="GET",route="/api/messages/:id",status_code="200"'))).toBeGreaterThanOrEqual(
      1,
    );
    expect(Number(count('method="GET",route="/api/messages/:id",status_code="404"'))).toBeGreaterThanOrEqual(
      1,
    );
    expect(Number(count('method="GET",route="unmatched",status_code="404"'))).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(created.body.id);

    expect(text).toMatch(/^# TYPE http_requests_in_flight gauge$/m);
    expect(text).toMatch(/^http_requests_in_flight 0$/m);

    expect(text).toMatch(/^db_pool_max_connections 10$/m);
    const pool = (state: string) =>
      Number(new RegExp(`^db_pool_connections\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(pool('total')).toBeGreaterThanOrEqual(1);
    expect(pool('idle')).toBeGreaterThanOrEqual(0);
    expect(pool('idle')).toBeLessThanOrEqual(pool('total'));
    expect(pool('waiting')).toBe(0);
  });
});

describe('one connection pool', () => {
  it("the request paths and the pool gauges use the DataSource's own pool, not a second one", () => {
    // Reaching into TypeORM's driver is for this check only: the api receives the pool through the public `driver`
    // option (src/database/database-pool.ts).
    const typeOrmPool = (suite.api.app.get(DataSource).driver as unknown as { master: pg.Pool }).master;
    expect(suite.api.app.get(pg.Pool)).toBe(typeOrmPool);
  });
});

describe('OpenAPI', () => {
  it('serves Swagger UI and the OpenAPI document under /api/docs', async () => {
    const ui = await request(suite.api.server).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const { body } = await request(suite.api.server).get('/api/docs/openapi.json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/messages', '/api/messages/{id}', '/api/health', '/api/health/ready']),
    );
    expect(body.components.schemas.CreateMessageDto.properties.content).toMatchObject({
      minLength: 1,
      maxLength: 500,
    });
    expect(Object.keys(body.components.schemas.ErrorResponseDto.properties)).toEqual([
      'statusCode',
      'error',
      'message',
      'requestId',
    ]);
  });
});
