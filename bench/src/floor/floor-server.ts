import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BODY_LIMIT_BYTES } from '@iac-experiment/platform/limits';
import type pg from 'pg';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseCreateBody, parseLimit } from './validation.js';

/**
 * The floor: the api's list and create endpoints with nothing but node:http and pg. Same SQL (keyset pagination
 * on the partial index), same JSON shape, same input rules and body limit; no framework, logging or metrics. What
 * the api costs on top of this is what its framework and plumbing cost. Named statements (prepared once per
 * connection), as the api's.
 */
const COLUMNS = 'id, content, created_at, updated_at';
const SQL = {
  insert: `INSERT INTO messages (content) VALUES ($1) RETURNING ${COLUMNS}`,
  firstPage: `SELECT ${COLUMNS} FROM messages WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1`,
  nextPage:
    `SELECT ${COLUMNS} FROM messages WHERE deleted_at IS NULL AND (created_at, id) < ($2::timestamptz, $3::uuid) ` +
    'ORDER BY created_at DESC, id DESC LIMIT $1',
};

interface MessageRow {
  id: string;
  content: string;
  created_at: Date;
  updated_at: Date;
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function createFloorServer(pool: pg.Pool): Server {
  return createServer((request, response) => {
    route(pool, request).then(
      ({ status, body }) => send(response, status, body),
      (error: unknown) => {
        const status = error instanceof HttpError ? error.statusCode : 500;
        if (status === 500) process.stderr.write(`floor: ${String(error)}\n`);
        send(response, status, { statusCode: status, message: (error as Error).message });
      },
    );
  });
}

async function route(pool: pg.Pool, request: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (path === '/api/health' && request.method === 'GET') return { status: 200, body: { status: 'ok' } };
  if (path === '/api/messages' && request.method === 'GET') {
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    return { status: 200, body: await list(pool, query) };
  }
  if (path === '/api/messages' && request.method === 'POST') {
    return { status: 201, body: await create(pool, request) };
  }
  throw new HttpError(404, 'Not Found');
}

async function list(pool: pg.Pool, query: URLSearchParams) {
  const limit = parseLimit(query.get('limit'));
  if (limit === undefined) throw new HttpError(400, 'limit must be an integer between 1 and 100');
  const cursorParam = query.get('cursor');
  let rows: MessageRow[];
  if (cursorParam === null) {
    rows = (await pool.query<MessageRow>({ name: 'firstPage', text: SQL.firstPage, values: [limit + 1] }))
      .rows;
  } else {
    const cursor = decodeCursor(cursorParam);
    if (!cursor) throw new HttpError(400, 'cursor is invalid');
    const values = [limit + 1, cursor.createdAt, cursor.id];
    rows = (await pool.query<MessageRow>({ name: 'nextPage', text: SQL.nextPage, values })).rows;
  }
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toJson),
    nextCursor: hasMore && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

async function create(pool: pg.Pool, request: IncomingMessage) {
  if (!request.headers['content-type']?.startsWith('application/json')) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(request));
  } catch (error) {
    throw error instanceof HttpError ? error : new HttpError(400, 'Body is not valid JSON');
  }
  const body = parseCreateBody(parsed);
  if ('error' in body) throw new HttpError(400, body.error);
  const { rows } = await pool.query<MessageRow>({ name: 'insert', text: SQL.insert, values: [body.content] });
  return toJson(rows[0] as MessageRow);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) throw new HttpError(413, 'Request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toJson(row: MessageRow) {
  return {
    id: row.id,
    content: row.content,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}
