import autocannon from 'autocannon';
import { percentileOfSorted } from '../report/stats.js';

export interface LoadSpec {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  method: 'GET' | 'POST';
  /** A fixed path, or one chosen per request (deep cursors). */
  path: string | (() => string);
  /** A body per request (unique content for creates). */
  body?: () => string;
  /** Called with the body of each 201 response (to check afterwards that nothing acknowledged was lost). */
  onCreated?: (body: string) => void;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Completed responses (any status). */
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/**
 * One autocannon run. Latencies are taken from every response with sub-millisecond precision (autocannon's own
 * histogram rounds to whole milliseconds, too coarse for a fast server's p50).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const path = typeof spec.path === 'string' ? spec.path : '/';
  const dynamic = typeof spec.path === 'function' || spec.body !== undefined;
  const nextPath = typeof spec.path === 'function' ? spec.path : undefined;
  const nextBody = spec.body;
  const onCreated = spec.onCreated;
  const startedAt = performance.now();
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSeconds,
        requests: [
          {
            method: spec.method,
            path,
            headers: spec.body ? { 'content-type': 'application/json' } : {},
            ...(dynamic
              ? {
                  setupRequest: (request: autocannon.Request) => {
                    if (nextPath) request.path = nextPath();
                    if (nextBody) request.body = nextBody();
                    return request;
                  },
                }
              : {}),
            ...(onCreated
              ? { onResponse: (status: number, body: string) => void (status === 201 && onCreated(body)) }
              : {}),
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await finished;
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, Number(stats.count)]),
  );
  const requests = latencies.length;
  return {
    requests,
    durationSeconds: elapsedSeconds,
    requestsPerSecond: requests / elapsedSeconds,
    latencyMs: {
      p50: percentileOfSorted(sorted, 50),
      p97_5: percentileOfSorted(sorted, 97.5),
      p99: percentileOfSorted(sorted, 99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    },
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
  };
}
