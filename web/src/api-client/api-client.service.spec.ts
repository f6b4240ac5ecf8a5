import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { WebConfig } from '../config/web-config.js';
import { ApiRejectedError, ApiUnavailableError } from './api-client.errors.js';
import { ApiClient } from './api-client.service.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  clientPort: number | undefined;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const context = { requestId: 'req-123', clientAddress: '203.0.113.5' };
const message = {
  id: '3f1c1f52-4d3b-4d5e-9a52-58c7d6a1b0c1',
  content: 'hello',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

/** A real HTTP server standing in for the api, so the client's real network code runs. */
describe('ApiClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const recorded: Recorded[] = [];
  const clients: ApiClient[] = [];

  const json = (status: number, body: unknown) => (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const clientFor = (url = baseUrl, timeoutMs = 2500) => {
    const client = new ApiClient(WebConfig.fromEnv({ API_URL: url, API_TIMEOUT_MS: String(timeoutMs) }));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    Logger.overrideLogger(false); // the client's warnings are expected here
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        recorded.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
          clientPort: request.socket.remotePort,
        });
        handler(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    recorded.length = 0;
    await Promise.all(clients.splice(0).map((client) => client.onModuleDestroy()));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('requests', () => {
    it('lists a page with limit and cursor, forwarding the request id', async () => {
      handler = json(200, { items: [message], nextCursor: 'next/page+1' });

      const page = await clientFor().listMessages({ limit: 50, cursor: 'a b/c' }, context);

      expect(page).toEqual({ items: [message], nextCursor: 'next/page+1' });
      expect(recorded).toHaveLength(1);
      expect(recorded[0]?.method).toBe('GET');
      expect(recorded[0]?.url).toBe('/api/messages?limit=50&cursor=a+b%2Fc');
      expect(recorded[0]?.headers['x-request-id']).toBe('req-123');
      expect(recorded[0]?.headers.accept).toBe('application/json');
    });

    it('lists the first page without a cursor parameter', async () => {
      handler = json(200, { items: [], nextCursor: null });

      await clientFor().listMessages({ limit: 50 }, context);

      expect(recorded[0]?.url).toBe('/api/messages?limit=50');
    });

    it('keeps a path prefix of API_URL', async () => {
      handler = json(200, { items: [], nextCursor: null });

      await clientFor(`${baseUrl}/behind/proxy/`).listMessages({ limit: 5 }, context);

      expect(recorded[0]?.url).toBe('/behind/proxy/api/messages?limit=5');
    });

    it('creates a message by posting JSON', async () => {
      handler = json(201, message);

      const created = await clientFor().createMessage('hello <b>', 'form-key-1', context);

      expect(created).toEqual(message);
      expect(recorded[0]?.method).toBe('POST');
      expect(recorded[0]?.url).toBe('/api/messages');
      expect(recorded[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(recorded[0]?.body ?? '')).toEqual({ content: 'hello <b>' });
      expect(recorded[0]?.headers['x-request-id']).toBe('req-123');
      expect(recorded[0]?.headers['idempotency-key']).toBe('form-key-1');
      expect(recorded[0]?.headers['x-forwarded-for']).toBe('203.0.113.5');
    });

    it('deletes a message, encoding the id into one path segment', async () => {
      handler = (_request, response) => response.writeHead(204).end();

      await clientFor().deleteMessage('../../health?x=1', context);

      expect(recorded[0]?.method).toBe('DELETE');
      expect(recorded[0]?.url).toBe('/api/messages/..%2F..%2Fhealth%3Fx%3D1');
    });

    it('reuses one keep-alive connection for consecutive calls', async () => {
      handler = json(200, { items: [], nextCursor: null });
      const client = clientFor();

      await client.listMessages({ limit: 1 }, context);
      // undici hands the socket back to the pool just after the body ends; a call in that same tick opens another.
      await new Promise((resolve) => setTimeout(resolve, 10));
      await client.listMessages({ limit: 1 }, context);

      expect(recorded).toHaveLength(2);
      expect(recorded[1]?.clientPort).toBe(recorded[0]?.clientPort);
    });
  });

  describe('error mapping', () => {
    it('maps a validation error (400) to ApiRejectedError with the api messages', async () => {
      handler = json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: ['content must be at most 500 characters'],
        requestId: 'req-123',
      });

      const error = await clientFor()
        .createMessage('x'.repeat(501), undefined, context)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiRejectedError);
      expect(error).toMatchObject({ statusCode: 400, messages: ['content must be at most 500 characters'] });
    });

    it('accepts a single error message string', async () => {
      handler = json(404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'Message not found',
        requestId: 'r',
      });

      const error = await clientFor()
        .deleteMessage(message.id, context)
        .catch((caught: unknown) => caught);

      expect(error).toMatchObject({
        name: 'ApiRejectedError',
        statusCode: 404,
        messages: ['Message not found'],
      });
    });

    it('maps a 4xx without a readable body to ApiRejectedError without messages', async () => {
      handler = (_request, response) => response.writeHead(400, { 'content-type': 'text/plain' }).end('nope');

      const error = await clientFor()
        .createMessage('', undefined, context)
        .catch((caught: unknown) => caught);

      expect(error).toMatchObject({ name: 'ApiRejectedError', statusCode: 400, messages: [] });
    });

    it.each([500, 502, 503])('maps %i to ApiUnavailableError (server-error)', async (status) => {
      handler = json(status, {
        statusCode: status,
        error: 'x',
        message: 'database unavailable',
        requestId: 'r',
      });

      const error = await clientFor()
        .listMessages({ limit: 50 }, context)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiUnavailableError);
      expect(error).toMatchObject({ reason: 'server-error' });
      expect((error as Error).message).toContain(String(status));
    });

    it('maps a 2xx body that is not JSON to ApiUnavailableError (bad-response)', async () => {
      handler = (_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html>');

      await expect(clientFor().listMessages({ limit: 50 }, context)).rejects.toMatchObject({
        name: 'ApiUnavailableError',
        reason: 'bad-response',
      });
    });

    it('maps JSON of the wrong shape to ApiUnavailableError (bad-response)', async () => {
      handler = json(200, { items: [{ id: 1 }], nextCursor: null });

      await expect(clientFor().listMessages({ limit: 50 }, context)).rejects.toMatchObject({
        reason: 'bad-response',
      });
    });

    it('maps a redirect to ApiUnavailableError (bad-response) instead of following it', async () => {
      handler = (_request, response) =>
        response.writeHead(302, { location: 'http://example.invalid/' }).end();

      await expect(clientFor().listMessages({ limit: 50 }, context)).rejects.toMatchObject({
        reason: 'bad-response',
      });
    });

    it('maps a refused connection to ApiUnavailableError (unreachable)', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));

      const error = await clientFor(`http://127.0.0.1:${port}`)
        .listMessages({ limit: 50 }, context)
        .catch((caught: unknown) => caught);

      expect(error).toMatchObject({ name: 'ApiUnavailableError', reason: 'unreachable' });
      expect((error as Error).message).toContain('ECONNREFUSED');
    });

    it('maps a connection closed mid-response to ApiUnavailableError (unreachable)', async () => {
      handler = (request) => request.socket.destroy();

      await expect(clientFor().listMessages({ limit: 50 }, context)).rejects.toMatchObject({
        reason: 'unreachable',
      });
    });
  });

  describe('deadline', () => {
    it('gives up on an api that never answers after API_TIMEOUT_MS', async () => {
      handler = () => undefined; // holds the request open
      const started = performance.now();

      const error = await clientFor(baseUrl, 300)
        .listMessages({ limit: 50 }, context)
        .catch((caught: unknown) => caught);

      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ name: 'ApiUnavailableError', reason: 'timeout' });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      // The deadline is the behaviour under test; the margin only rules out "waited for something else".
      expect(elapsed).toBeLessThan(2000);
    });

    it('gives up on a body that stops half-way, within the same deadline', async () => {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"items":[');
      };
      const started = performance.now();

      await expect(clientFor(baseUrl, 300).listMessages({ limit: 50 }, context)).rejects.toMatchObject({
        reason: 'timeout',
      });
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
});
