import { errorForRequestLog } from '@iac-experiment/platform';
import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import {
  BadRequestException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

interface Sent {
  status?: number;
  body?: unknown;
  reply?: FastifyReply;
}

function run(exception: unknown): Sent {
  const sent: Sent = {};
  const reply = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  sent.reply = reply as unknown as FastifyReply;
  return sent;
}

describe('AllExceptionsFilter', () => {
  it('keeps validation messages as a list', () => {
    const sent = run(new BadRequestException(['content must be a string', 'property x should not exist']));
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['content must be a string', 'property x should not exist'],
      requestId: 'req-1',
    });
  });

  it('keeps a single message as a string', () => {
    expect(run(new NotFoundException('Message 1 not found')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Message 1 not found',
      requestId: 'req-1',
    });
  });

  it('maps Fastify errors that Nest wrapped (413 and 415), with a helpful 415 message', () => {
    expect(run(new HttpException('Request body is too large', 413)).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
      requestId: 'req-1',
    });
    expect(run(new HttpException('Unsupported Media Type', 415)).body).toMatchObject({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Content-Type must be application/json',
    });
  });

  it('answers 503 for an unreachable database, without its address', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.3.7:5432'), { code: 'ECONNREFUSED' });
    const sent = run(refused);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database is unavailable; try again shortly',
      requestId: 'req-1',
    });
    expect(JSON.stringify(sent.body)).not.toContain('10.0.3.7');
  });

  it('answers 500 for anything else and keeps SQL, parameters and stack out of the body, but in the log', () => {
    const driverError = Object.assign(new Error('column "x" does not exist'), { code: '42703' });
    const error = new QueryFailedError(
      'SELECT x FROM messages WHERE content = $1',
      ['user secret text'],
      driverError,
    );
    const sent = run(error);
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      requestId: 'req-1',
    });
    const logged = errorForRequestLog(sent.reply as FastifyReply) as Error & { code?: string };
    expect(logged).toBeInstanceOf(Error);
    expect(logged).toMatchObject({
      name: 'QueryFailedError',
      code: '42703',
      message: 'column "x" does not exist',
    });
    expect(logged.stack).toContain('QueryFailedError');
    expect(JSON.stringify({ ...logged })).not.toContain('user secret text');
  });

  it('handles thrown non-errors', () => {
    expect(run('a string').status).toBe(500);
    expect(run(undefined).status).toBe(500);
  });

  it('keeps the status of other HttpExceptions', () => {
    expect(run(new ServiceUnavailableException(['database: down'])).body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: ['database: down'],
      requestId: 'req-1',
    });
  });
});
