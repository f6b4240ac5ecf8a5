import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '3f2c1b8e-0d4a-4c1e-9f7a-2b6d8e0c1a3f';

const suite = apiSuite({ prefix: 'api_messages' });

const http = () => request(suite.api.server);

async function create(
  content: string,
): Promise<{ id: string; content: string; createdAt: string; updatedAt: string }> {
  const response = await http().post('/api/messages').send({ content }).expect(201);
  return response.body;
}

describe('messages CRUD', () => {
  it('creates a message (trimmed) and returns it with 201', async () => {
    const response = await http().post('/api/messages').send({ content: '  Hello, world!  ' });
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      content: 'Hello, world!',
      createdAt: expect.stringMatching(ISO),
      updatedAt: response.body.createdAt,
    });
    const [row] = await suite.sql.rows('SELECT content, deleted_at FROM messages WHERE id = $1', [
      response.body.id,
    ]);
    expect(row).toEqual({ content: 'Hello, world!', deleted_at: null });
  });

  it('reads a message by id', async () => {
    const created = await create('read me');
    const response = await http().get(`/api/messages/${created.id}`).expect(200);
    expect(response.body).toEqual(created);
  });

  it('lists the newest first', async () => {
    const first = await create('older');
    const second = await create('newer');
    const { body } = await http().get('/api/messages').expect(200);
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(body.items[0]).toEqual(second);
  });

  it('updates the content (trimmed) and updatedAt, keeping createdAt', async () => {
    const created = await create('before');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await http()
      .patch(`/api/messages/${created.id}`)
      .send({ content: ' after ' })
      .expect(200);
    expect(response.body).toMatchObject({ id: created.id, content: 'after', createdAt: created.createdAt });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect((await http().get(`/api/messages/${created.id}`)).body.content).toBe('after');
  });

  it('soft-deletes with 204; the message is then 404 everywhere and gone from the list, but kept in the table', async () => {
    const created = await create('delete me');
    const deleted = await http().delete(`/api/messages/${created.id}`).expect(204);
    expect(deleted.text).toBe('');

    for (const attempt of [
      http().get(`/api/messages/${created.id}`),
      http().patch(`/api/messages/${created.id}`).send({ content: 'resurrect' }),
      http().delete(`/api/messages/${created.id}`),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Message ${created.id} not found`,
        requestId: response.headers['x-request-id'],
      });
    }
    const { body } = await http().get('/api/messages?limit=100');
    expect(body.items.map((item: { id: string }) => item.id)).not.toContain(created.id);

    const [row] = await suite.sql.rows<{ content: string; deleted_at: Date | null }>(
      'SELECT content, deleted_at FROM messages WHERE id = $1',
      [created.id],
    );
    expect(row?.content).toBe('delete me');
    expect(row?.deleted_at).toBeInstanceOf(Date);
  });

  it('answers 404 for an unknown id on GET, PATCH and DELETE', async () => {
    await http().get(`/api/messages/${UNKNOWN_ID}`).expect(404);
    await http().patch(`/api/messages/${UNKNOWN_ID}`).send({ content: 'x' }).expect(404);
    await http().delete(`/api/messages/${UNKNOWN_ID}`).expect(404);
  });

  it('counts the 1–500 characters after trimming: surrounding whitespace neither counts nor is stored', async () => {
    const padded = ` \n\t${'x'.repeat(500)}\t\n `;
    const created = await http().post('/api/messages').send({ content: padded }).expect(201);
    expect(created.body.content).toBe('x'.repeat(500));
    const updated = await http()
      .patch(`/api/messages/${created.body.id}`)
      .send({ content: ` ${'y'.repeat(500)} ` })
      .expect(200);
    expect(updated.body.content).toBe('y'.repeat(500));
    const [row] = await suite.sql.rows<{ content: string }>('SELECT content FROM messages WHERE id = $1', [
      created.body.id,
    ]);
    expect(row?.content).toBe('y'.repeat(500));
  });

  it('stores 500 characters as Postgres counts them (an emoji is one)', async () => {
    const emoji = '😀'.repeat(500);
    expect((await create(emoji)).content).toBe(emoji);
    const response = await http()
      .post('/api/messages')
      .send({ content: '😀'.repeat(501) });
    expect(response.status).toBe(400);
  });
});

describe('bad input: a 4xx in the error shape, and nothing written', () => {
  let existing: { id: string };
  let before: string;

  beforeAll(async () => {
    existing = await create('existing message');
  });

  beforeEach(async () => {
    before = await suite.sql.snapshot();
  });

  async function expectRejected(
    response: request.Response,
    statusCode: number,
    error: string,
    message?: RegExp,
  ): Promise<void> {
    expect(response.status).toBe(statusCode);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      statusCode,
      error,
      message: expect.anything(),
      requestId: response.headers['x-request-id'],
    });
    const text = [response.body.message].flat().join('\n');
    if (message) expect(text).toMatch(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+|SELECT|INSERT|UPDATE/);
    expect(await suite.sql.snapshot()).toBe(before);
  }

  const post = (body: unknown) =>
    http()
      .post('/api/messages')
      .send(body as object);
  const patch = (body: unknown) =>
    http()
      .patch(`/api/messages/${existing.id}`)
      .send(body as object);

  it.each([
    ['empty content', { content: '' }],
    ['whitespace-only content', { content: ' \n\t ' }],
    ['501 characters', { content: 'x'.repeat(501) }],
    ['a number', { content: 42 }],
    ['null', { content: null }],
    ['an array', { content: ['a'] }],
    ['an object', { content: { text: 'a' } }],
    ['missing content', {}],
    ['a NUL character', { content: 'a\u0000b' }],
  ])('POST and PATCH reject %s with 400', async (_case, body) => {
    await expectRejected(await post(body), 400, 'Bad Request', /content must/);
    await expectRejected(await patch(body), 400, 'Bad Request', /content must/);
  });

  it('rejects unknown body fields', async () => {
    await expectRejected(
      await post({ content: 'ok', id: UNKNOWN_ID }),
      400,
      'Bad Request',
      /property id should not exist/,
    );
    await expectRejected(
      await patch({ content: 'ok', deletedAt: null }),
      400,
      'Bad Request',
      /property deletedAt/,
    );
  });

  it('rejects a JSON body that is not an object', async () => {
    for (const body of ['"just a string"', '[{"content":"x"}]', '42', 'null']) {
      const response = await http().post('/api/messages').set('Content-Type', 'application/json').send(body);
      await expectRejected(response, 400, 'Bad Request');
    }
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await http()
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send('{"content":');
    await expectRejected(response, 400, 'Bad Request', /not valid JSON/);
    const proto = await http()
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send('{"content":"x","__proto__":{"polluted":true}}');
    await expectRejected(proto, 400, 'Bad Request');
  });

  it('rejects an empty JSON body with 400', async () => {
    const response = await http().post('/api/messages').set('Content-Type', 'application/json').send('');
    await expectRejected(response, 400, 'Bad Request');
  });

  it.each([
    ['text/plain', 'content=hello'],
    ['application/x-www-form-urlencoded', 'content=hello'],
    ['application/xml', '<content>hello</content>'],
  ])('rejects a %s body with 415', async (type, body) => {
    const response = await http().post('/api/messages').set('Content-Type', type).send(body);
    await expectRejected(response, 415, 'Unsupported Media Type', /application\/json/);
    const onPatch = await http().patch(`/api/messages/${existing.id}`).set('Content-Type', type).send(body);
    await expectRejected(onPatch, 415, 'Unsupported Media Type');
  });

  it('rejects a body over 16 KB with 413, also when it is otherwise valid', async () => {
    const response = await post({ content: 'x'.repeat(17 * 1024) });
    await expectRejected(response, 413, 'Payload Too Large');
    const padded = await post({ content: 'ok', padding: ' '.repeat(16 * 1024) });
    await expectRejected(padded, 413, 'Payload Too Large');
  });

  it.each(['not-a-uuid', '123', `${UNKNOWN_ID}x`, "1' OR '1'='1"])(
    'rejects the malformed id %s with 400',
    async (id) => {
      const path = `/api/messages/${encodeURIComponent(id)}`;
      await expectRejected(await http().get(path), 400, 'Bad Request', /uuid/);
      await expectRejected(await http().patch(path).send({ content: 'x' }), 400, 'Bad Request', /uuid/);
      await expectRejected(await http().delete(path), 400, 'Bad Request', /uuid/);
    },
  );

  it('answers unknown routes and methods with 404', async () => {
    await expectRejected(await http().get('/api/nope'), 404, 'Not Found');
    await expectRejected(
      await http().put(`/api/messages/${existing.id}`).send({ content: 'x' }),
      404,
      'Not Found',
    );
    await expectRejected(await http().get('/'), 404, 'Not Found');
  });
});

describe('request ids', () => {
  it('echoes X-Request-Id on success and puts it into error bodies', async () => {
    const ok = await http().get('/api/messages').set('X-Request-Id', 'client-req-1').expect(200);
    expect(ok.headers['x-request-id']).toBe('client-req-1');

    const bad = await http().post('/api/messages').set('X-Request-Id', 'client-req-2').send({ content: '' });
    expect(bad.headers['x-request-id']).toBe('client-req-2');
    expect(bad.body.requestId).toBe('client-req-2');

    const tooLarge = await http()
      .post('/api/messages')
      .set('X-Request-Id', 'client-req-3')
      .send({ content: 'x'.repeat(20_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.requestId).toBe('client-req-3');
  });

  it('generates one when absent, the same in header and body', async () => {
    const response = await http().get('/api/nope');
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });
});
