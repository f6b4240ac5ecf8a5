import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { pinoHttpOptions } from './pino-http-options.js';

describe('pinoHttpOptions', () => {
  const options = pinoHttpOptions('info');
  const response = (statusCode: number) => ({ statusCode }) as ServerResponse;
  const request = {} as IncomingMessage;

  it('logs 5xx and failed requests at error level, everything else at info', () => {
    const level = options.customLogLevel as NonNullable<typeof options.customLogLevel>;
    expect(level(request, response(200), undefined)).toBe('info');
    expect(level(request, response(404), undefined)).toBe('info');
    expect(level(request, response(503), undefined)).toBe('error');
    expect(level(request, response(200), new Error('x'))).toBe('error');
  });

  it('serializes only method and URL of a request, never its headers', () => {
    const serialize = options.serializers?.req as (request: object) => unknown;
    const serialized = serialize({
      method: 'POST',
      url: '/x',
      headers: { authorization: 'Bearer t', cookie: 'c' },
    });
    expect(serialized).toEqual({ method: 'POST', url: '/x' });
  });

  it('reuses the id Fastify assigned and binds it as requestId', () => {
    const genReqId = options.genReqId as (request: object) => unknown;
    expect(genReqId({ id: 'abc' })).toBe('abc');
    expect(options.customAttributeKeys).toEqual({ reqId: 'requestId' });
    expect(options.quietReqLogger).toBe(true);
  });
});
