import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

const LIMIT = 3;
const suite = apiSuite({ prefix: 'api_write_limit', env: { WRITE_LIMIT_PER_MINUTE: String(LIMIT) } });

// As the ALB sends it: whatever the client claimed, then the address the ALB saw.
const from = (client: string) => `10.9.9.9, ${client}`;

describe('the per-client write limit', () => {
  it('answers writes past the limit 429 with Retry-After in the error shape, writing nothing; reads go on', async () => {
    const client = '203.0.113.10';
    const created = await request(suite.api.server)
      .post('/api/messages')
      .set('X-Forwarded-For', from(client))
      .send({ content: 'one' })
      .expect(201);
    await request(suite.api.server)
      .patch(`/api/messages/${created.body.id}`)
      .set('X-Forwarded-For', from(client))
      .send({ content: 'two' })
      .expect(200);
    await request(suite.api.server)
      .post('/api/messages')
      .set('X-Forwarded-For', from(client))
      .send({ content: 'three' })
      .expect(201);

    const before = await suite.sql.snapshot();
    for (const attempt of [
      request(suite.api.server).post('/api/messages').send({ content: 'four' }),
      request(suite.api.server).delete(`/api/messages/${created.body.id}`),
    ]) {
      const response = await attempt.set('X-Forwarded-For', from(client));
      expect(response.status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/^Too many changes from your address: at most 3 per minute/),
        requestId: response.headers['x-request-id'],
      });
    }
    expect(await suite.sql.snapshot()).toBe(before);

    await request(suite.api.server).get('/api/messages').set('X-Forwarded-For', from(client)).expect(200);
    // Another address (the right-most entry decides, not the spoofable ones before it) is not held.
    await request(suite.api.server)
      .post('/api/messages')
      .set('X-Forwarded-For', `${client}, 203.0.113.11`)
      .send({ content: 'other client' })
      .expect(201);
  });
});
