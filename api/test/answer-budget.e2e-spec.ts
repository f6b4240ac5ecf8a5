import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iac-experiment/migrator/testing';
import { WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { Sql } from './support/sql.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// web gives up on the api after WEB_API_TIMEOUT_MS. A database that stops answering must turn into the api's own
// 503 before that, with the default timeouts, so web never shows an error for a post that then commits.
let database: TestDatabase;
let api: TestApi;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'api_answer_budget' });
  api = await startTestApi(database.url);
  sql = new Sql(database.url);
});

afterAll(async () => {
  await api?.close();
  await sql?.close();
  await database?.drop();
});

describe("the api answers inside web's deadline when the database hangs", () => {
  it('every write and read behind a held lock (more than the pool) is a 503 before web would give up', async () => {
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    const key = randomUUID();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
      const timed = async (send: () => request.Test) => {
        const started = Date.now();
        const response = await send();
        return { status: response.status, ms: Date.now() - started };
      };
      const results = await Promise.all([
        timed(() =>
          request(api.server).post('/api/messages').set('Idempotency-Key', key).send({ content: 'x' }),
        ),
        ...Array.from({ length: 20 }, () => timed(() => request(api.server).get('/api/messages'))),
      ]);
      for (const { status, ms } of results) {
        expect(status).toBe(503);
        expect(ms).toBeLessThan(WEB_API_TIMEOUT_MS);
      }
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The retry of the post that failed creates the message once.
    await request(api.server)
      .post('/api/messages')
      .set('Idempotency-Key', key)
      .send({ content: 'x' })
      .expect(201);
    await request(api.server)
      .post('/api/messages')
      .set('Idempotency-Key', key)
      .send({ content: 'x' })
      .expect(201);
    expect(await sql.count()).toBe(1);
  });
});
