import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, type MigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApi } from './support/api-process.js';
import { formErrors, messageContents, messageIds, olderHref, textareaContent } from './support/board-page.js';
import type { NodeService } from './support/node-service.js';
import { startWeb, type TestWeb } from './support/web-app.js';

interface ApiMessage {
  id: string;
  content: string;
}
interface ApiPage {
  items: ApiMessage[];
  nextCursor: string | null;
}

/** web in front of the real api (its built dist/main.js) and a freshly migrated Postgres database. */
describe('the message board against the real api', () => {
  let database: MigratedDatabase;
  let api: NodeService;
  let web: TestWeb;

  const board = () => request(web.app.getHttpServer());
  const apiJson = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${api.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const newestPage = async () => (await apiJson<ApiPage>('/api/messages?limit=50')).body;
  const postForm = (content: string) => board().post('/messages').type('form').send({ content });
  /** The newest message on the board after a successful post. */
  const postAndFind = async (content: string): Promise<ApiMessage> => {
    const response = await postForm(content);
    expect(response.status).toBe(303);
    const newest = (await newestPage()).items[0];
    if (newest?.content !== content.trim()) throw new Error(`the post did not arrive: ${newest?.content}`);
    return newest;
  };

  beforeAll(async () => {
    database = await createMigratedDatabase({ prefix: 'web_board_e2e' });
    api = await startApi(database.apiUrl);
    web = await startWeb(api.url);
    // More than one page (50) of history, posted through the api itself.
    for (let index = 1; index <= 55; index += 1) {
      const { status } = await apiJson('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `seeded message ${index}` }),
      });
      if (status !== 201) throw new Error(`seeding failed with ${status}`);
    }
  });

  afterAll(async () => {
    await web?.app.close();
    await api?.stop();
    await database?.drop();
  });

  describe('reading', () => {
    it('renders the newest page on the server, in the api order, with a link to older messages', async () => {
      const expected = await newestPage();

      const response = await board().get('/');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(messageIds(response.text)).toEqual(expected.items.map((message) => message.id));
      expect(expected.items).toHaveLength(50);
      expect(expected.nextCursor).not.toBeNull();
      expect(olderHref(response.text)).toBe(`/?cursor=${encodeURIComponent(expected.nextCursor ?? '')}`);
    });

    it('follows the older link to the next page, which links back to the newest', async () => {
      const first = await board().get('/');
      const href = olderHref(first.text);
      if (!href) throw new Error('no older link');
      const cursor = new URL(href, 'http://web').searchParams.get('cursor') ?? '';
      const expected = (await apiJson<ApiPage>(`/api/messages?limit=50&cursor=${encodeURIComponent(cursor)}`))
        .body;

      const older = await board().get(href);

      expect(older.status).toBe(200);
      expect(expected.items.length).toBeGreaterThan(0);
      expect(messageIds(older.text)).toEqual(expected.items.map((message) => message.id));
      expect(messageIds(older.text)).not.toContain(messageIds(first.text)[0]);
      expect(older.text).toContain('<a class="pager-newest" href="/">');
      expect(messageContents(older.text)).toContain('seeded message 1');
    });

    it('answers a cursor the api does not accept with 400 and a way back', async () => {
      const response = await board().get('/?cursor=not-a-cursor!');

      expect(response.status).toBe(400);
      expect(response.text).toContain('This page link is not valid.');
      expect(response.text).toContain('<a class="pager-newest" href="/">');
    });
  });

  describe('posting through the form (no JavaScript)', () => {
    it('creates the message and redirects with 303 to the board, where it is the newest', async () => {
      const content = `Hello from the form ${randomUUID()}`;

      const response = await postForm(content);

      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/');
      const page = await board().get('/');
      expect(messageContents(page.text)[0]).toBe(content);
      const [newest] = (await newestPage()).items;
      expect(newest?.content).toBe(content);
      expect(messageIds(page.text)[0]).toBe(newest?.id);
    });

    it('shows user content as text: HTML in a message is escaped', async () => {
      await postAndFind(`<script>alert(1)</script> "quoted" & 'single'`);

      const page = await board().get('/');

      expect(messageContents(page.text)[0]).toBe(
        '&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#x27;single&#x27;',
      );
      expect(page.text).not.toContain('<script>alert(1)</script>');
    });

    it.each([
      ['empty (only spaces)', '   ', 0],
      ['too long', `${'x'.repeat(501)}`, 501],
    ])(
      're-renders with 422, the api error and the typed text when the message is %s; nothing is written',
      async (_case, content, length) => {
        const before = await newestPage();

        const response = await postForm(content);

        expect(response.status).toBe(422);
        expect(formErrors(response.text)).toEqual([
          `content must be between 1 and 500 characters after trimming (it has ${length})`,
        ]);
        expect(textareaContent(response.text)).toBe(content);
        expect(response.text).toContain('aria-invalid="true"');
        // The board is still there under the form.
        expect(messageIds(response.text)).toEqual(before.items.map((message) => message.id));
        expect((await newestPage()).items.map((message) => message.id)).toEqual(
          before.items.map((message) => message.id),
        );
      },
    );

    it('keeps special characters of a rejected text, escaped', async () => {
      const content = `<b>"${'&'.repeat(501)}"</b>`;

      const response = await postForm(content);

      expect(response.status).toBe(422);
      expect(textareaContent(response.text)).toBe(`&lt;b&gt;&quot;${'&amp;'.repeat(501)}&quot;&lt;/b&gt;`);
    });
  });

  describe('deleting', () => {
    it('deletes through the form and redirects to the board, where the message is gone', async () => {
      const message = await postAndFind(`To be deleted ${randomUUID()}`);
      const before = await board().get('/');
      expect(messageIds(before.text)).toContain(message.id);
      expect(before.text).toContain(`action="/messages/${message.id}/delete"`);

      const response = await board().post(`/messages/${message.id}/delete`).type('form').send({});

      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/');
      const after = await board().get('/');
      expect(messageIds(after.text)).not.toContain(message.id);
      expect(after.text).not.toContain(message.content);
      expect((await apiJson(`/api/messages/${message.id}`)).status).toBe(404);
    });

    it('returns to the older page a message was deleted from', async () => {
      const first = await board().get('/');
      const href = olderHref(first.text) ?? '';
      const cursor = new URL(href, 'http://web').searchParams.get('cursor') ?? '';
      const older = await board().get(href);
      const victim = messageIds(older.text)[0];
      expect(older.text).toContain(`<input type="hidden" name="cursor" value="${cursor}">`);

      const response = await board().post(`/messages/${victim}/delete`).type('form').send({ cursor });

      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(href);
      expect(messageIds((await board().get(href)).text)).not.toContain(victim);
    });

    it('treats deleting an already deleted message as done (303), e.g. a double click', async () => {
      const message = await postAndFind(`Double click ${randomUUID()}`);
      await board().post(`/messages/${message.id}/delete`);

      const again = await board().post(`/messages/${message.id}/delete`);

      expect(again.status).toBe(303);
      expect(again.headers.location).toBe('/');
    });

    it('answers a malformed id with 400 and the reason, changing nothing', async () => {
      const before = await newestPage();

      const response = await board().post('/messages/not-a-uuid/delete');

      expect(response.status).toBe(400);
      expect(response.text).toContain('The message could not be deleted.');
      // The api's reason, shown in the banner.
      expect(response.text).toMatch(/<span class="banner-text">[^<]*uuid[^<]*<\/span>/);
      expect((await newestPage()).items.map((message) => message.id)).toEqual(
        before.items.map((message) => message.id),
      );
    });
  });

  describe('request ids', () => {
    it("forwards web's request id to the api: the api logs the same id web echoes and logs", async () => {
      const requestId = `web-e2e-${randomUUID()}`;

      const response = await board().get('/').set('X-Request-Id', requestId);

      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toBe(requestId);
      const apiLine = await eventually(() =>
        api.log.requests('GET', '/api/messages').find((line) => line.requestId === requestId),
      );
      expect(apiLine).toMatchObject({ requestId, res: { statusCode: 200 } });
      const webLine = web.log.requests('GET', '/').find((line) => line.requestId === requestId);
      expect(webLine).toMatchObject({ requestId, res: { statusCode: 200 } });
    });

    it('forwards the id web generated when the browser sent none', async () => {
      const response = await postForm(`With a generated id ${randomUUID()}`);
      const requestId = response.headers['x-request-id'];

      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const apiLine = await eventually(() =>
        api.log.requests('POST', '/api/messages').find((line) => line.requestId === requestId),
      );
      expect(apiLine).toMatchObject({ res: { statusCode: 201 } });
    });
  });
});

/** The api writes its log line after answering; give the pipe a moment to deliver it. */
async function eventually<T>(find: () => T | undefined, timeoutMs = 3000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
