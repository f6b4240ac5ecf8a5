import type { FastifyInstance } from 'fastify';

/** What liveness answers: the shape of a Terminus health check that ran no indicators, like readiness's answers. */
const LIVENESS_JSON = JSON.stringify({ status: 'ok', info: {}, error: {}, details: {} });

/**
 * Liveness, for the load balancer's health check: "this process serves HTTP", and nothing else. It checks nothing
 * outside the process on purpose. The health check decides which tasks ECS keeps: if it failed whenever a
 * dependency did, one outage (a database failover, the api for web) would mark every task unhealthy at once, ECS
 * would replace them all, and the service would cycle tasks for the whole outage instead of answering 503 fast and
 * recovering by itself when the dependency is back.
 *
 * A plain Fastify route rather than a Nest handler: every node of the load balancer calls it every few seconds, and
 * Nest's handler pipeline (guards, interceptors, pipes, response mapping; none of which it needs) would cost more
 * than the rest of the request (docs/performance.md). Fastify's hooks still run for it: request id, metrics,
 * security headers, draining. Only its failures are logged (`logFailuresOnly`, see RequestLogController).
 */
export function registerLiveness(fastify: FastifyInstance, path: string): void {
  fastify.get(path, { config: { logFailuresOnly: true } }, (_request, reply) => {
    reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(LIVENESS_JSON);
  });
}
