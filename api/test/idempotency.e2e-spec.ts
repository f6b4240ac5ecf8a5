import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

const suite = apiSuite({ prefix: 'api_idempotency' });

const post = (content: string, key?: string) => {
  const test = request(suite.api.server).post('/api/messages');
  if (key !== undefined) test.set('Idempotency-Key', key);
  return test.send({ content });
};
const rowsWithContent = async (content: string) =>
  (await suite.sql.rows('SELECT id FROM messages WHERE content = $1', [content])).length;

describe('POST /api/messages with an Idempotency-Key', () => {
  it('the same key twice creates one message and answers the second as the first', async () => {
    const key = randomUUID();
    const first = await post('only once', key).expect(201);
    const second = await post('  only once ', key).expect(201); // the same content once trimmed
    expect(second.body).toEqual(first.body);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await rowsWithContent('only once')).toBe(1);
  });

  it('still answers as the first did after the message was edited or deleted', async () => {
    const key = randomUUID();
    const first = await post('edit me later', key).expect(201);
    await request(suite.api.server)
      .patch(`/api/messages/${first.body.id}`)
      .send({ content: 'edited' })
      .expect(200);
    await request(suite.api.server).delete(`/api/messages/${first.body.id}`).expect(204);
    const count = await suite.sql.count();
    expect((await post('edit me later', key).expect(201)).body).toEqual(first.body);
    expect(await suite.sql.count()).toBe(count);
  });

  it('the same key with other content is a 422 and creates nothing', async () => {
    const key = randomUUID();
    await post('the original', key).expect(201);
    const before = await suite.sql.snapshot();
    const reused = await post('something else', key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      statusCode: 422,
      message: 'This Idempotency-Key was already used for a different message',
    });
    expect(await suite.sql.snapshot()).toBe(before);
  });

  it('concurrent requests with one key create one message, and every answer is that message or a 409', async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post('raced', key)));
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const response of responses) expect([201, 409]).toContain(response.status);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    expect(await rowsWithContent('raced')).toBe(1);
  });

  it('without a key, each POST creates a message', async () => {
    await post('no key').expect(201);
    await post('no key').expect(201);
    expect(await rowsWithContent('no key')).toBe(2);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(101)],
    ['with spaces', 'a key'],
  ])('refuses a malformed key (%s) with 400, creating nothing', async (_case, key) => {
    const before = await suite.sql.snapshot();
    const response = await post('bad key', key);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/Idempotency-Key must be/);
    expect(await suite.sql.snapshot()).toBe(before);
  });

  it('prunes keys older than the retention as new ones are stored', async () => {
    const old = randomUUID();
    await post('old key', old).expect(201);
    await suite.sql.rows(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [old],
    );
    await post('new key', randomUUID()).expect(201);
    expect(await suite.sql.rows('SELECT key FROM idempotency_keys WHERE key = $1', [old])).toEqual([]);
  });
});
