import { describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { encodeCursor } from '../src/messages/cursor.js';
import { Message } from '../src/messages/message.entity.js';
import { apiSuite } from './support/api-suite.js';

// Enough rows that a sequential scan + sort would cost the planner far more than walking the index (on a tiny
// table it may rightly prefer the scan, and the test would prove nothing).
const ROWS = 150_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const suite = apiSuite({
  prefix: 'api_query_plan',
  seed: async (sql) => {
    await sql.rows(
      `INSERT INTO messages (content, created_at, updated_at, deleted_at)
       SELECT 'message ' || n, t, t, CASE WHEN n % 100 = 0 THEN t END
       FROM generate_series(1, $1::int) AS n,
            LATERAL (SELECT timestamptz '2026-01-01' + n * interval '1 second' AS t) AS ts`,
      [ROWS],
    );
    await sql.rows('VACUUM (ANALYZE) messages');
  },
});

/** The SQL and parameters the api sends to Postgres for one list request (the real query, run for real). */
async function listQueryOf(query: string): Promise<{ text: string; params: unknown[]; body: unknown }> {
  const query$ = jest.spyOn(suite.api.app.get<pg.Pool>(pg.Pool), 'query');
  try {
    const response = await request(suite.api.server).get(`/api/messages${query}`);
    expect(response.status).toBe(200);
    expect(query$).toHaveBeenCalledTimes(1);
    const [{ text, values }] = query$.mock.calls[0] as unknown as [pg.QueryConfig];
    return { text, params: values ?? [], body: response.body };
  } finally {
    query$.mockRestore();
  }
}

async function planOf(text: string, params: unknown[]): Promise<PlanNode[]> {
  const [row] = await suite.sql.rows<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    `EXPLAIN (FORMAT JSON) ${text}`,
    params,
  );
  const root = row?.['QUERY PLAN'][0]?.Plan;
  if (!root) throw new Error('EXPLAIN returned no plan');
  const nodes: PlanNode[] = [];
  const visit = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root);
  return nodes;
}

function expectIndexOnlyPath(nodes: PlanNode[]): void {
  const [listIndex] = suite.api.app.get(DataSource).getMetadata(Message).indices;
  const types = nodes.map((node) => node['Node Type']);
  expect(types).not.toContain('Seq Scan');
  expect(types).not.toContain('Sort');
  expect(types).not.toContain('Incremental Sort');
  expect(types).not.toContain('Bitmap Heap Scan');
  expect(nodes).toContainEqual(
    expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': listIndex?.name }),
  );
}

describe(`the list query on ${ROWS.toLocaleString('en-US')} messages`, () => {
  it('reads the first page from the (created_at DESC, id DESC) live-messages index, without a sort', async () => {
    const { text, params, body } = await listQueryOf('?limit=50');
    expect((body as { items: unknown[] }).items).toHaveLength(50);
    expectIndexOnlyPath(await planOf(text, params));
  });

  it('seeks straight to a deep cursor page through the same index', async () => {
    // The cursor of a page about 100,000 rows deep: the row there, encoded the way the api encodes its cursors.
    const [deep] = await suite.sql.rows<{ created_at: Date; id: string }>(
      `SELECT created_at, id FROM messages WHERE deleted_at IS NULL
       ORDER BY created_at DESC, id DESC OFFSET 100000 LIMIT 1`,
    );
    const cursor = encodeCursor({ createdAt: deep?.created_at as Date, id: deep?.id as string });
    const { text, params, body } = await listQueryOf(`?limit=50&cursor=${cursor}`);
    const [next] = await suite.sql.rows<{ id: string }>(
      `SELECT id FROM messages WHERE deleted_at IS NULL
       ORDER BY created_at DESC, id DESC OFFSET 100001 LIMIT 1`,
    );
    expect((body as { items: Array<{ id: string }> }).items[0]?.id).toBe(next?.id);
    expectIndexOnlyPath(await planOf(text, params));
  });
});
