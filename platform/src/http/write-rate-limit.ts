import rateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Methods that change something: only these count towards (and are held by) the write limit. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const WINDOW_MS = 60_000;

export interface WriteRateLimitOptions {
  /** Writes one client address may make per minute; 0 turns the limit off. */
  perMinute: number;
}

/**
 * A per-client limit on writes: the client past `perMinute` writes in a minute is answered 429 with `Retry-After`
 * (seconds) until its window ends. Reads are never limited. The client is `request.ip`, i.e. the address the load
 * balancer saw (see `trustProxy` in createFastifyAdapter); IPv6 addresses count per /56 (the library's default), so a
 * client cannot step around the limit by rotating through its own prefix. Counts live in this process: with n tasks behind the load
 * balancer, a client may make up to n times `perMinute` (the WAF's rate rule is the fleet-wide one).
 *
 * The 429 is thrown as an HttpException, so each app's exception filter answers it in its own shape.
 */
export async function registerWriteRateLimit(
  fastify: FastifyInstance,
  options: WriteRateLimitOptions,
): Promise<void> {
  if (options.perMinute === 0) return;
  await fastify.register(rateLimit, {
    global: true,
    max: options.perMinute,
    timeWindow: WINDOW_MS,
    allowList: (request: FastifyRequest) => !WRITE_METHODS.has(request.method),
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_request, context) =>
      new HttpException(
        `Too many changes from your address: at most ${context.max} per minute. ` +
          `Try again in ${context.after}.`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
}
