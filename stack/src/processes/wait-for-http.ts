import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Rejects early when this settles first (e.g. the process that should answer has exited). */
  giveUp?: Promise<string>;
  signal?: AbortSignal;
}

/** Polls a URL until it answers 2xx; rejects after `timeoutMs`, or as soon as `giveUp` resolves. */
export async function waitForHttp(
  url: string,
  { timeoutMs, giveUp, signal }: WaitForHttpOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason: string | undefined;
  void giveUp?.then((why) => {
    reason = why;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (reason) throw new Error(`${url} will not answer: ${reason}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}
