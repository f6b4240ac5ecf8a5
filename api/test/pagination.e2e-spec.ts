import { beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiSuite } from './support/api-suite.js';

interface Page {
  items: Array<{ id: string; content: string; createdAt: string }>;
  nextCursor: string | null;
}

const suite = apiSuite({ prefix: 'api_pages' });

beforeEach(async () => {
  await suite.sql.rows('TRUNCATE messages');
});

async function page(query: string): Promise<Page> {
  const response = await request(suite.api.server).get(`/api/messages${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** `count` messages, one per millisecond, oldest first; returns their ids newest first (the list order). */
async function seed(count: number): Promise<string[]> {
  const rows = await suite.sql.rows<{ id: string }>(
    `INSERT INTO messages (content, created_at, updated_at)
     SELECT 'message ' || n, t, t FROM generate_series(1, $1) AS n,
       LATERAL (SELECT timestamptz '2026-01-01' + n * interval '1 millisecond' AS t) AS ts
     RETURNING id`,
    [count],
  );
  const ids = await suite.sql.rows<{ id: string }>(
    'SELECT id FROM messages WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC',
  );
  expect(rows).toHaveLength(count);
  return ids.map((row) => row.id);
}

/** Follows nextCursor to the end; returns every id in order and the number of pages. */
async function walk(
  limit: number,
  between?: (pageNumber: number) => Promise<void>,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const current: Page = await page(
      `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    pages++;
    ids.push(...current.items.map((item) => item.id));
    cursor = current.nextCursor;
    if (between) await between(pages);
  } while (cursor !== null && pages < 1000);
  return { ids, pages };
}

describe('cursor pagination', () => {
  it('an empty table gives no items and no cursor', async () => {
    expect(await page('')).toEqual({ items: [], nextCursor: null });
  });

  it('defaults to 50 items per page', async () => {
    const ids = await seed(51);
    const first = await page('');
    expect(first.items.map((item) => item.id)).toEqual(ids.slice(0, 50));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(`?cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[50] })], nextCursor: null });
  });

  it('accepts up to 100 per page', async () => {
    const ids = await seed(101);
    const first = await page('?limit=100');
    expect(first.items).toHaveLength(100);
    expect(first.items.map((item) => item.id)).toEqual(ids.slice(0, 100));
  });

  it('an exactly full last page has nextCursor null (no empty extra page)', async () => {
    await seed(10);
    expect((await page('?limit=10')).nextCursor).toBeNull();
    const { pages } = await walk(5);
    expect(pages).toBe(2);
  });

  it('walks every message exactly once, newest first, including rows with identical created_at', async () => {
    const ids = await seed(23);
    // 7 more rows sharing one created_at: the id breaks the tie, across page boundaries too.
    await suite.sql.rows(
      "INSERT INTO messages (content, created_at) SELECT 'tie ' || n, timestamptz '2027-01-01' FROM generate_series(1, 7) n",
    );
    const all = (
      await suite.sql.rows<{ id: string }>('SELECT id FROM messages ORDER BY created_at DESC, id DESC')
    ).map((row) => row.id);
    expect(all.slice(7)).toEqual(ids);

    const { ids: walked, pages } = await walk(4);
    expect(walked).toEqual(all);
    expect(pages).toBe(8);
  });

  it('skips deleted messages, and a cursor stays valid after its message is deleted', async () => {
    const ids = await seed(6);
    const first = await page('?limit=3');
    await request(suite.api.server).delete(`/api/messages/${first.items[2]?.id}`).expect(204);
    await request(suite.api.server).delete(`/api/messages/${ids[4]}`).expect(204);
    const second = await page(`?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual([ids[3], ids[5]]);
    expect(second.nextCursor).toBeNull();
  });

  it('stays stable while messages are inserted between page requests: no duplicates, no skips', async () => {
    const original = await seed(30);
    const insertedMeanwhile: string[] = [];
    const { ids } = await walk(7, async () => {
      for (let i = 0; i < 3; i++) {
        const response = await request(suite.api.server)
          .post('/api/messages')
          .send({ content: `concurrent ${i}` });
        insertedMeanwhile.push(response.body.id);
      }
    });
    expect(ids).toEqual(original);
    expect(insertedMeanwhile.length).toBeGreaterThanOrEqual(15);
    expect((await page('?limit=100')).items.slice(0, 3).map((item) => item.content)).toEqual([
      'concurrent 2',
      'concurrent 1',
      'concurrent 0',
    ]);
  });

  it('stays stable under truly concurrent inserts', async () => {
    const original = await seed(40);
    let inserting = true;
    let writer: Promise<number> | undefined;
    // Once the first page is out, a writer inserts as fast as it can while the remaining pages are read.
    const { ids } = await walk(3, async (pageNumber) => {
      if (pageNumber !== 1) return;
      writer = (async () => {
        let n = 0;
        while (inserting)
          await request(suite.api.server)
            .post('/api/messages')
            .send({ content: `writer ${n++}` })
            .expect(201);
        return n;
      })();
    });
    inserting = false;
    expect(await writer).toBeGreaterThan(0);
    expect(ids).toEqual(original);
  });
});

describe('pagination input', () => {
  let before: string;
  beforeEach(async () => {
    await seed(3);
    before = await suite.sql.snapshot();
  });

  it.each(['0', '101', 'abc', '1.5', '-1', '', '10&limit=20'])('limit=%s → 400', async (limit) => {
    const response = await request(suite.api.server).get(`/api/messages?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      requestId: expect.any(String),
    });
    expect([response.body.message].flat().join()).toMatch(/limit/);
    expect(await suite.sql.snapshot()).toBe(before);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64 of junk', Buffer.from('hello').toString('base64url')],
    ['tampered', Buffer.from('123.not-a-uuid').toString('base64url')],
    ['very long', 'A'.repeat(5000)],
  ])('a %s cursor → 400', async (_case, cursor) => {
    const response = await request(suite.api.server).get(
      `/api/messages?cursor=${encodeURIComponent(cursor)}`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/cursor/),
    });
  });

  it('rejects unknown query parameters', async () => {
    const response = await request(suite.api.server).get('/api/messages?offset=10');
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['property offset should not exist']);
  });
});
