import { randomUUID } from 'node:crypto';
import { WEB_API_TIMEOUT_MS } from '@iac-experiment/platform';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

// web gives up on the api after WEB_API_TIMEOUT_MS. A database that stops answering must turn into the api's own
// 503 before that, with the default timeouts, so web never shows an error for a post that then commits.

const suite = apiSuite({ prefix: 'api_answer_budget' });

describe("the api answers inside web's deadline when the database hangs", () => {
  it('every write and read behind a held lock (more than the pool) is a 503 before web would give up', async () => {
    const blocker = new pg.Client({ connectionString: suite.database.url });
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
          request(suite.api.server).post('/api/messages').set('Idempotency-Key', key).send({ content: 'x' }),
        ),
        ...Array.from({ length: 20 }, () => timed(() => request(suite.api.server).get('/api/messages'))),
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
    await request(suite.api.server)
      .post('/api/messages')
      .set('Idempotency-Key', key)
      .send({ content: 'x' })
      .expect(201);
    await request(suite.api.server)
      .post('/api/messages')
      .set('Idempotency-Key', key)
      .send({ content: 'x' })
      .expect(201);
    expect(await suite.sql.count()).toBe(1);
  });
});
