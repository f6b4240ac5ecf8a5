import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, type MigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { startApi } from './support/api-process.js';
import { formErrors, formIdempotencyKey } from './support/board-page.js';
import type { NodeService } from './support/node-service.js';
import { startWeb, type TestWeb } from './support/web-app.js';

// The form posts against the real api and database: retried forms, cross-site posts, bytes that are not UTF-8,
// the character rules, and the per-client write limit.
let database: MigratedDatabase;
let api: NodeService;
let web: TestWeb;
let db: pg.Client;

beforeAll(async () => {
  database = await createMigratedDatabase({ prefix: 'web_form_safety' });
  api = await startApi(database.apiUrl);
  web = await startWeb(api.url);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await web?.app.close();
  await api?.stop();
  await database?.drop();
});

const board = () => request(web.app.getHttpServer());
const rows = async (content: string) =>
  (await db.query('SELECT id FROM messages WHERE content = $1', [content])).rowCount;
const messageCount = async () => Number((await db.query('SELECT count(*) FROM messages')).rows[0].count);

describe('the same form submitted twice', () => {
  it('creates one message: the form carries a key, and a second submission is answered as the first', async () => {
    const page = await board().get('/').expect(200);
    const idempotencyKey = formIdempotencyKey(page.text);
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const content = `posted twice ${randomUUID()}`;

    const first = await board().post('/messages').type('form').send({ content, idempotencyKey });
    const second = await board().post('/messages').type('form').send({ content, idempotencyKey });

    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await rows(content)).toBe(1);
    // A fresh page is a fresh form.
    expect(formIdempotencyKey((await board().get('/')).text)).not.toBe(idempotencyKey);
  });

  it('the same form edited after its post went through: 422 saying so, then a new key posts the new text', async () => {
    const idempotencyKey = randomUUID();
    await board().post('/messages').type('form').send({ content: 'first text', idempotencyKey }).expect(303);
    const reused = await board()
      .post('/messages')
      .type('form')
      .send({ content: 'edited text', idempotencyKey });
    expect(reused.status).toBe(422);
    expect(formErrors(reused.text)).toEqual([
      expect.stringMatching(/^The message you sent earlier .* was posted/),
    ]);
    expect(await rows('edited text')).toBe(0);

    const nextKey = formIdempotencyKey(reused.text);
    expect(nextKey).not.toBe(idempotencyKey);
    await board()
      .post('/messages')
      .type('form')
      .send({ content: 'edited text', idempotencyKey: nextKey })
      .expect(303);
    expect(await rows('edited text')).toBe(1);
  });
});

describe('what the form may carry', () => {
  it('counts a line break as one character, as the textarea does (browsers send CR LF)', async () => {
    const content = `${'x'.repeat(490)}${'\r\ny'.repeat(5)}`; // 500 characters in the textarea, 505 as sent
    const response = await board().post('/messages').type('form').send({ content });
    expect(response.status).toBe(303);
    expect(await rows(content.replaceAll('\r\n', '\n'))).toBe(1);
  });

  it("shows the api's reason for a refused character next to the form", async () => {
    const response = await board().post('/messages').type('form').send({ content: 'invoice\u202Etxt.exe' });
    expect(response.status).toBe(422);
    expect(formErrors(response.text).join(' ')).toMatch(/bidirectional .*U\+202E at character 8/);
  });

  it.each([
    ['raw bytes', Buffer.concat([Buffer.from('content=ok'), Buffer.from([0xff]), Buffer.from('ok')])],
    ['a percent-escape', Buffer.from('content=ok%FFok')],
    ['an escaped lone surrogate', Buffer.from('content=ok%ED%A0%80')],
  ])('refuses a form that is not UTF-8 (%s) with 400 saying so, posting nothing', async (_case, body) => {
    const before = await messageCount();
    const response = await board()
      .post('/messages')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .serialize((raw: unknown) => raw as string) // the bytes as they are (superagent would re-encode a Buffer)
      .send(body as unknown as string);
    expect(response.status).toBe(400);
    expect(response.text).toContain('The form was not sent as UTF-8 text');
    expect(await messageCount()).toBe(before);
  });
});

describe('cross-site form posts', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['an Origin of another site', { Origin: 'https://evil.example' }],
    ['an opaque Origin', { Origin: 'null' }],
  ])('are refused with 403 (%s), for posts and deletes, changing nothing', async (_case, headers) => {
    const before = await messageCount();
    const post = await board()
      .post('/messages')
      .set(headers)
      .type('form')
      .send({ content: 'from elsewhere' });
    expect(post.status).toBe(403);
    expect(post.text).toContain('This form was sent from another site.');
    const id = (await db.query("INSERT INTO messages (content) VALUES ('keep me') RETURNING id")).rows[0].id;
    await board().post(`/messages/${id}/delete`).set(headers).type('form').send({}).expect(403);
    expect(
      (await db.query('SELECT deleted_at FROM messages WHERE id = $1', [id])).rows[0].deleted_at,
    ).toBeNull();
    expect(await messageCount()).toBe(before + 1);
  });

  it("accepts the site's own origin, same-origin fetches, and requests without either header", async () => {
    await board()
      .post('/messages')
      .set({ Origin: 'http://web.test', Host: 'web.test', 'Sec-Fetch-Site': 'same-origin' })
      .type('form')
      .send({ content: 'same origin' })
      .expect(303);
    await board().post('/messages').type('form').send({ content: 'no headers' }).expect(303);
  });

  it('believes the https scheme only from the trusted load balancer hop (X-Forwarded-Proto)', async () => {
    await board()
      .post('/messages')
      .set({ Origin: 'https://web.test', Host: 'web.test', 'X-Forwarded-Proto': 'https' })
      .type('form')
      .send({ content: 'behind the ALB' })
      .expect(303);
  });
});

describe('the per-client write limit on forms', () => {
  it('answers a client past the limit 429 with Retry-After and a page saying why; other clients go on', async () => {
    const limited = await startWeb(api.url, { WRITE_LIMIT_PER_MINUTE: '2' });
    try {
      const http = () => request(limited.app.getHttpServer());
      const from = (client: string) => ({ 'X-Forwarded-For': `10.1.1.1, ${client}` });
      for (const content of ['one', 'two']) {
        await http().post('/messages').set(from('203.0.113.20')).type('form').send({ content }).expect(303);
      }
      const before = await messageCount();
      const refused = await http()
        .post('/messages')
        .set(from('203.0.113.20'))
        .type('form')
        .send({ content: 'three' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).toContain('You have made many changes in a short time.');
      expect(await messageCount()).toBe(before);
      await http().get('/').set(from('203.0.113.20')).expect(200);
      await http()
        .post('/messages')
        .set(from('203.0.113.21'))
        .type('form')
        .send({ content: 'other' })
        .expect(303);
    } finally {
      await limited.app.close();
    }
  });
});
