import { STATUS_CODES } from 'node:http';
import { attachErrorToRequestLog } from '@iac-experiment/platform';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import type { ErrorResponseDto } from './error-response.dto.js';

/**
 * Turns every error into `{ statusCode, error, message, requestId }`:
 * - HttpExceptions (validation, 404, …) keep their status and messages;
 * - Fastify's own 4xx errors (malformed JSON, 413, 415), which Nest maps to HttpExceptions, likewise;
 * - an unreachable, restarting or timed-out database becomes 503;
 * - anything else is a 500. Details (stack, SQL) go to the request's log line, never to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, request.id);
    if (body.statusCode >= 500) this.attachErrorToRequestLog(exception, reply);
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorResponseDto {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const fields =
        typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      // The only body parser is JSON's, so a 415 (raised by Fastify, mapped to an HttpException by Nest) means that.
      const message =
        statusCode === HttpStatus.UNSUPPORTED_MEDIA_TYPE
          ? 'Content-Type must be application/json'
          : isMessage(fields.message)
            ? fields.message
            : exception.message;
      const error = typeof fields.error === 'string' ? fields.error : statusText(statusCode);
      return { statusCode, error, message, requestId };
    }
    if (isDatabaseUnavailable(exception)) {
      const statusCode = HttpStatus.SERVICE_UNAVAILABLE;
      return {
        statusCode,
        error: statusText(statusCode),
        message: 'The database is unavailable; try again shortly',
        requestId,
      };
    }
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode, error: statusText(statusCode), message: 'Internal server error', requestId };
  }

  /** The request's log line then carries the cause: name, code, message and stack only (a
   * QueryFailedError also holds the query parameters, i.e. user content). */
  private attachErrorToRequestLog(exception: unknown, reply: FastifyReply): void {
    const { name, message, stack, code } = (
      typeof exception === 'object' && exception !== null ? exception : {}
    ) as {
      name?: unknown;
      message?: unknown;
      stack?: unknown;
      code?: unknown;
    };
    const logged = new Error(typeof message === 'string' ? message : String(exception));
    if (typeof name === 'string') logged.name = name;
    if (typeof stack === 'string') logged.stack = stack;
    Object.assign(logged, { code });
    attachErrorToRequestLog(reply, logged);
  }
}

function statusText(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Error';
}

function isMessage(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}
