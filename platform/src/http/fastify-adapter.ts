import proxyAddr from '@fastify/proxy-addr';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { RequestLogController, registerRequestLogging } from '../logger/request-logging.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';

export interface PlatformFastifyOptions {
  /** The service's logger (createLogger): Fastify writes the request log lines with it. */
  logger: Logger;
  /** Largest accepted request body in bytes; larger ones are answered with 413. */
  bodyLimit?: number;
  /**
   * False for a service that applies no Nest middleware (`MiddlewareConsumer`, `app.use`): Nest then does not
   * register @fastify/middie, whose hook otherwise runs on every request for nothing.
   */
  nestMiddleware?: boolean;
}

/**
 * Server timeouts, set explicitly rather than left to Fastify's and Node's defaults (no request timeout at all).
 * - A client has this long to send a whole request (headers and body): a slow sender cannot hold a connection and
 *   its memory open indefinitely.
 * - Idle keep-alive connections are kept longer than the ALB's idle timeout (60 s), so the ALB closes them first
 *   and never sends a request on a socket this server is closing (which it would answer with a 502).
 */
export const SERVER_TIMEOUTS = {
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
} as const;

const privateAddress = proxyAddr.compile(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Whose `X-Forwarded-For` is believed: exactly one hop, the connection's own peer, and only when that peer has a
 * private address (the ALB inside the VPC; locally, `yarn dev`'s router). The ALB appends the address it received
 * the connection from, so the right-most entry is the one address a client cannot choose (everything left of it is
 * whatever the client sent), and `request.ip` becomes that entry. A peer with a public address (a task's public IP
 * reached directly) is not a load balancer: its header is ignored and its own address is the client's.
 */
export function trustLoadBalancerHop(address: string, hop: number): boolean {
  return hop === 0 && privateAddress(address, hop);
}

/**
 * The Fastify adapter every service here runs on.
 * - Fastify assigns the request id (`request.id`) and binds it to the request's logger as `requestId`, so logs,
 *   error bodies and the echoed `X-Request-Id` header all carry the same id (see registerRequestLogging).
 * - `request.ip` is the client's address as the load balancer saw it (trustLoadBalancerHop); request logs carry it.
 * - `forceCloseConnections: 'idle'`: on close, idle keep-alive sockets are closed at once while sockets with a
 *   request in flight finish it first, so keep-alive clients cannot hold a graceful shutdown open.
 */
export function createFastifyAdapter(options: PlatformFastifyOptions): FastifyAdapter {
  const adapter = new FastifyAdapter({
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    loggerInstance: options.logger,
    logController: new RequestLogController(),
    genReqId: requestIdFor,
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    skipMiddie: options.nestMiddleware === false,
    trustProxy: trustLoadBalancerHop,
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    // A request that still arrives on an open keep-alive connection while draining is served (pools close only
    // after the HTTP server) and told to close the connection, rather than answered with a body of another shape.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // Set on the raw response so that every reply, including Fastify's own error replies, carries it.
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    done();
  });
  registerRequestLogging(fastify);
  closeKeepAliveConnectionsWhenDraining(fastify);
  return adapter;
}

/**
 * Closing the server only reaps keep-alive sockets that are idle at that moment. A socket whose request is still
 * in flight would go idle afterwards and keep `close()` waiting for the keep-alive timeout, so responses sent
 * while draining ask the client to close the connection.
 */
function closeKeepAliveConnectionsWhenDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (draining && request.raw.httpVersionMajor === 1) reply.header('connection', 'close');
    done(null, payload);
  });
}
