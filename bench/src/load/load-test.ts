import autocannon from 'autocannon';
import { percentileOfSorted } from '../report/stats.js';

export interface LoadSpec {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  method: 'GET' | 'POST';
  /** One path, or several that each connection cycles through from its own starting point (deep pages). */
  paths: string[];
  body?: string;
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
  /** CPU the load generator (this process) used, as a share of one core: near 1 means it, not the server, set the pace. */
  generatorCpuShare: number;
}

/**
 * One autocannon run. Every request is built once up front (no per-request callbacks that rebuild it), so the
 * load generator stays cheap and the server sets the pace. Latencies are taken from every response with
 * sub-millisecond precision (autocannon's own histogram rounds to whole milliseconds, too coarse for a fast
 * server's p50).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const onCreated = spec.onCreated;
  const requests: autocannon.Request[] = spec.paths.map((path) => ({
    method: spec.method,
    path,
    ...(spec.body === undefined ? {} : { body: spec.body, headers: { 'content-type': 'application/json' } }),
    ...(onCreated
      ? { onResponse: (status: number, body: string) => void (status === 201 && onCreated(body)) }
      : {}),
  }));
  let connection = 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSeconds,
        requests,
        // Spread the connections over the path list instead of walking it in lockstep.
        ...(requests.length > 1
          ? {
              setupClient: (client: autocannon.Client) => {
                const offset = Math.floor((connection++ * requests.length) / spec.connections);
                client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
              },
            }
          : {}),
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await finished;
  const elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, Number(stats.count)]),
  );
  const requestCount = latencies.length;
  return {
    requests: requestCount,
    durationSeconds: elapsedMs / 1000,
    requestsPerSecond: requestCount / (elapsedMs / 1000),
    latencyMs: {
      p50: percentileOfSorted(sorted, 50),
      p97_5: percentileOfSorted(sorted, 97.5),
      p99: percentileOfSorted(sorted, 99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    },
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    generatorCpuShare: (cpu.user + cpu.system) / 1000 / elapsedMs,
  };
}
