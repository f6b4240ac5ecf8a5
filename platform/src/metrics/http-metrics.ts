import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';

export const UNMATCHED_ROUTE = 'unmatched';

const inFlightKey = Symbol('metrics.inFlight');
type TrackedRequest = FastifyRequest & { [inFlightKey]?: boolean };

/**
 * Request duration and in-flight gauges, recorded from Fastify hooks: two cheap calls per request, no Nest
 * interceptor. The route label is the route template (`/api/messages/:id`), so label cardinality stays bounded.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly inFlight: Gauge;

  constructor(
    @Inject(Registry) registry: Registry,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests in seconds, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being served right now.',
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request: TrackedRequest, _reply, done) => {
      request[inFlightKey] = true;
      this.inFlight.inc();
      done();
    });
    fastify.addHook('onResponse', (request: TrackedRequest, reply, done) => {
      this.leave(request);
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
    // A client that hangs up early may never get an onResponse.
    fastify.addHook('onRequestAbort', (request: TrackedRequest, done) => {
      this.leave(request);
      done();
    });
  }

  private leave(request: TrackedRequest): void {
    if (request[inFlightKey]) {
      request[inFlightKey] = false;
      this.inFlight.dec();
    }
  }
}
