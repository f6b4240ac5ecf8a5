import { CliError } from '../shared/cli-error.js';
import type { Clock } from '../shared/clock.js';
import { formatDuration } from '../shared/duration.js';
import type { Output } from '../shared/output.js';

export interface SmokeOptions {
  baseUrl: string;
  /** Give up when the checks have not all passed in one round by then. */
  timeoutMs: number;
  /** First pause between rounds; doubles each round up to maxIntervalMs. */
  intervalMs: number;
  maxIntervalMs: number;
  /** Per request, so one hanging connection cannot eat the whole budget. */
  requestTimeoutMs: number;
}

export interface SmokeDeps {
  clock: Clock;
  output: Output;
  fetch?: typeof fetch;
}

interface Check {
  name: string;
  path: string;
  verify(response: Response, body: string): string | undefined;
}

// What "the deploy works" means to a user: web renders its page, and the api answers its ALB health check.
const CHECKS: Check[] = [
  {
    name: 'web renders /',
    path: '/',
    verify: (response, body) => {
      if (response.status !== 200) return `status ${response.status}`;
      if (!response.headers.get('content-type')?.includes('text/html')) {
        return `content-type ${response.headers.get('content-type')}`;
      }
      if (!/<html[\s>]/i.test(body)) return 'body is not an HTML document';
      return undefined;
    },
  },
  {
    name: 'api /api/health is healthy',
    path: '/api/health',
    verify: (response, body) => {
      if (response.status !== 200) return `status ${response.status}`;
      const status = parseJson(body)?.status;
      return status === 'ok' ? undefined : `health status ${JSON.stringify(status)} (expected "ok")`;
    },
  },
];

function parseJson(body: string): { status?: unknown } | undefined {
  try {
    return JSON.parse(body) as { status?: unknown };
  } catch {
    return undefined;
  }
}

/**
 * Runs every check in rounds until one round passes them all. A just-finished ECS deployment can still be
 * draining old tasks or registering new targets, so early failures are retried with backoff, within a bound.
 */
export async function smoke(
  options: SmokeOptions,
  { clock, output, fetch: fetchFn = fetch }: SmokeDeps,
): Promise<void> {
  const started = clock.now().getTime();
  const deadline = started + options.timeoutMs;
  let interval = options.intervalMs;
  for (let round = 1; ; round++) {
    const failures = [];
    for (const check of CHECKS) {
      const problem = await runCheck(check, options, fetchFn);
      output.err(`${problem ? '✗' : '✓'} ${check.name}${problem ? `: ${problem}` : ''}`);
      if (problem) failures.push(`${check.name}: ${problem}`);
    }
    if (failures.length === 0) {
      output.out(`Smoke test passed against ${options.baseUrl} (round ${round}).`);
      return;
    }
    const now = clock.now().getTime();
    if (now >= deadline) {
      throw new CliError(
        `Smoke test failed against ${options.baseUrl} after ${round} rounds in ${formatDuration(now - started)}:\n` +
          failures.map((failure) => `  - ${failure}`).join('\n'),
      );
    }
    const pause = Math.min(interval, deadline - now);
    output.err(`Round ${round} failed; retrying in ${formatDuration(pause)}.`);
    await clock.sleep(pause);
    interval = Math.min(interval * 2, options.maxIntervalMs);
  }
}

async function runCheck(
  check: Check,
  options: SmokeOptions,
  fetchFn: typeof fetch,
): Promise<string | undefined> {
  const url = new URL(check.path, options.baseUrl);
  try {
    const response = await fetchFn(url, {
      redirect: 'follow',
      headers: { accept: check.path === '/' ? 'text/html' : 'application/json' },
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    });
    const body = await response.text();
    return check.verify(response, body);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `${(error as Error).name === 'TimeoutError' ? 'no answer within the request timeout' : (error as Error).message}${cause ? ` (${cause})` : ''}`;
  }
}
