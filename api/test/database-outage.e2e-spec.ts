import { type OwnedPostgres, startOwnedPostgres } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

// A Postgres only this suite uses, so it can stop it mid-run like a failover or an outage would.
let postgres: OwnedPostgres;

beforeAll(async () => {
  postgres = await startOwnedPostgres();
});

const suite = apiSuite({ prefix: 'api_outage', serverUrl: () => postgres.url });

afterAll(async () => {
  await postgres?.destroy();
});

async function timed(send: () => request.Test): Promise<{ response: request.Response; ms: number }> {
  const started = Date.now();
  const response = await send();
  return { response, ms: Date.now() - started };
}

describe('health and readiness', () => {
  it('liveness is 200 without touching the database; readiness reports the database', async () => {
    const live = await request(suite.api.server).get('/api/health').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(live.headers['cache-control']).toMatch(/no-store/);

    const ready = await request(suite.api.server).get('/api/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});

describe('the database stops answering', () => {
  it('a query stuck behind a lock is cancelled by the statement timeout: 503 within 5 s, then fine again', async () => {
    const blocker = new pg.Client({ connectionString: suite.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
      const { response, ms } = await timed(() => request(suite.api.server).get('/api/messages'));
      expect(response.status).toBe(503);
      expect(ms).toBeLessThan(5000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await request(suite.api.server).get('/api/messages').expect(200);
  });

  it('with every pooled connection stuck, queued requests give up too: all 503 within 5 s, then fine again', async () => {
    const blocker = new pg.Client({ connectionString: suite.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
      // Three times the pool (10): most requests never get a connection and must time out waiting for one.
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 30 }, () => request(suite.api.server).get('/api/messages')),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      for (const response of responses) {
        expect(response.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The database is unavailable; try again shortly',
          requestId: response.headers['x-request-id'],
        });
      }
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await request(suite.api.server).get('/api/messages').expect(200);
  });
});

describe('the database stops mid-run, then comes back', () => {
  let messageId: string;

  beforeAll(async () => {
    const created = await request(suite.api.server)
      .post('/api/messages')
      .send({ content: 'before the outage' })
      .expect(201);
    messageId = created.body.id;
    // Warm the pool so the outage also has to deal with connections that die.
    await Promise.all(
      Array.from({ length: 5 }, () => request(suite.api.server).get('/api/messages').expect(200)),
    );
    await postgres.stop();
  });

  it.each([
    ['list', () => request(suite.api.server).get('/api/messages')],
    ['read', () => request(suite.api.server).get(`/api/messages/${messageId}`)],
    ['create', () => request(suite.api.server).post('/api/messages').send({ content: 'during the outage' })],
    [
      'update',
      () => request(suite.api.server).patch(`/api/messages/${messageId}`).send({ content: 'changed' }),
    ],
    ['delete', () => request(suite.api.server).delete(`/api/messages/${messageId}`)],
  ])('%s answers 503 in the error shape within 5 s', async (_case, send) => {
    const { response, ms } = await timed(send);
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database is unavailable; try again shortly',
      requestId: response.headers['x-request-id'],
    });
    expect(ms).toBeLessThan(5000);
  });

  it('many concurrent requests all get 503 within 5 s (none hang on the pool)', async () => {
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => request(suite.api.server).get('/api/messages')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(503));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('readiness is 503 within 5 s, naming the database but not its address', async () => {
    const { response, ms } = await timed(() => request(suite.api.server).get('/api/health/ready'));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: ['database: down'],
      requestId: response.headers['x-request-id'],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    expect(ms).toBeLessThan(5000);
  });

  it('liveness stays 200, fast', async () => {
    const { response, ms } = await timed(() => request(suite.api.server).get('/api/health'));
    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(500);
  });

  it('recovers by itself once the database is back, with no restart', async () => {
    await postgres.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(suite.api.server).get('/api/health/ready')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);

    const read = await request(suite.api.server).get(`/api/messages/${messageId}`).expect(200);
    expect(read.body.content).toBe('before the outage');
    await request(suite.api.server).post('/api/messages').send({ content: 'after the outage' }).expect(201);
    const list = await request(suite.api.server).get('/api/messages').expect(200);
    expect(list.body.items.map((item: { content: string }) => item.content)).toEqual([
      'after the outage',
      'before the outage',
    ]);
  });
});
