import { AsyncLocalStorage } from 'node:async_hooks';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * No log line for the route's successes (status below 400), for a load balancer's health probe
     * (registerLiveness); its failures are logged like any other request's, and its metrics are recorded as usual.
     */
    logFailuresOnly?: boolean;
  }
}

const requestLoggers = new AsyncLocalStorage<Logger>();
const requestErrors = new WeakMap<FastifyReply, Error>();

/** What attachErrorToRequestLog attached to this reply. */
export function errorForRequestLog(reply: FastifyReply): Error | undefined {
  return requestErrors.get(reply);
}

/** The logger of the request being handled (bound to its `requestId`), if any. */
export function currentRequestLogger(): Logger | undefined {
  return requestLoggers.getStore();
}

/** Puts the cause of a 5xx on the request's log line (an exception filter answers the client without it). */
export function attachErrorToRequestLog(reply: FastifyReply, error: Error): void {
  requestErrors.set(reply, error);
}

/**
 * Fastify's request log lines, reshaped: none when a request arrives, and one when it completes with `requestId`,
 * method, URL, status and time; 5xx at error level with the attached cause. Headers and bodies are never logged
 * (they carry cookies, tokens and user content); none for the successes of a route whose config sets
 * `logFailuresOnly`. This replaced pino-http run as Nest middleware, which cost about half of the CPU of a health
 * check.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (!error && reply.statusCode < 400 && request.routeOptions.config?.logFailuresOnly) return;
    const line = {
      // Fastify's `req` serializer writes `ip` as `remoteAddress` (and keeps method and url).
      req: { method: request.method, url: request.url, ip: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error || reply.statusCode >= 500) {
      request.log.error({ ...line, err: error ?? errorForRequestLog(reply) }, 'request completed');
    } else {
      request.log.info(line, 'request completed');
    }
  }
}

/**
 * Nest's logs made while a handler runs go to the request's logger, so they carry its id too; and a request the
 * client gave up on still gets its line.
 */
export function registerRequestLogging(fastify: FastifyInstance): void {
  // request.log is a child of the pino logger given to Fastify (createFastifyAdapter), hence a full pino Logger.
  fastify.addHook('preHandler', (request, _reply, done) => requestLoggers.run(request.log as Logger, done));
  fastify.addHook('onRequestAbort', (request, done) => {
    request.log.info(
      { req: { method: request.method, url: request.url, ip: request.ip } },
      'request aborted',
    );
    done();
  });
}
