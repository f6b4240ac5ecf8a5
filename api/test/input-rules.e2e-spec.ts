import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AppConfig } from '../src/config/app-config.js';
import { apiSuite } from './support/api-suite.js';

// Bodies that are valid JSON under the body limit, yet used to get a 500 (deep nesting) or be stored altered
// (U+FFFD in place of a lone surrogate or invalid bytes). Each must be a 400 saying why, and change nothing.
const suite = apiSuite({ prefix: 'api_input_rules' });
let existingId: string;
let before: string;

beforeAll(async () => {
  const created = await request(suite.api.server)
    .post('/api/messages')
    .send({ content: 'existing' })
    .expect(201);
  existingId = created.body.id;
});

beforeEach(async () => {
  before = await suite.sql.snapshot();
});

const rawJson = (method: 'post' | 'patch', body: string | Buffer) => {
  const http = request(suite.api.server);
  const test = method === 'post' ? http.post('/api/messages') : http.patch(`/api/messages/${existingId}`);
  // The identity serializer sends a Buffer as its bytes (superagent would JSON-encode it).
  return test
    .set('Content-Type', 'application/json')
    .serialize((raw: unknown) => raw as string)
    .send(body as string);
};

async function expectBadRequest(response: request.Response, reason: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  expect([response.body.message].flat().join('\n')).toMatch(reason);
  expect(await suite.sql.snapshot()).toBe(before);
}

describe.each(['post', 'patch'] as const)('%s /api/messages', (method) => {
  it('refuses a deeply nested body (under the size limit) with 400 before validation, not a 500', async () => {
    const depth = 8000;
    const body = `{"content":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(Buffer.byteLength(body)).toBeLessThan(suite.api.app.get(AppConfig).bodyLimitBytes);
    await expectBadRequest(await rawJson(method, body), /nested deeper than \d+ levels/);
  });

  it('refuses a lone surrogate escaped in JSON, instead of storing U+FFFD', async () => {
    await expectBadRequest(
      await rawJson(method, '{"content":"ok \\ud800 ok"}'),
      /not valid Unicode: a lone surrogate U\+D800 at character 4/,
    );
  });

  it('refuses invalid UTF-8 bytes in the body, instead of storing U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('{"content":"ok '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    await expectBadRequest(await rawJson(method, body), /not valid UTF-8/);
  });

  it.each([
    ['a control character', 'beep\u0007', /control character: U\+0007/],
    ['a right-to-left override', 'invoice\u202Etxt.exe', /bidirectional .*U\+202E/],
    ['a zero-width space', 'free\u200Bmoney', /invisible character: U\+200B/],
  ])('refuses %s, naming it', async (_case, content, reason) => {
    await expectBadRequest(await rawJson(method, JSON.stringify({ content })), reason);
  });

  it('keeps characters the policy allows exactly as sent', async () => {
    const content = 'Family 👨‍👩‍👧, Persian می\u200Cخواهم, Hebrew שלום\u200F, tab\tand\nnewline';
    const response = await rawJson(method, JSON.stringify({ content }));
    expect(response.status).toBe(method === 'post' ? 201 : 200);
    const [row] = await suite.sql.rows<{ content: string }>('SELECT content FROM messages WHERE id = $1', [
      response.body.id,
    ]);
    expect(row?.content).toBe(content);
  });
});
