import { describe, expect, it } from '@jest/globals';
import type { LoadResult } from '../load/load-test.js';
import type { ScenarioName } from '../options.js';
import { apiFloorRatios, checkTargets, summarize } from './summary.js';
import type { RunSample, TargetName } from './types.js';

function sample(
  scenario: ScenarioName,
  target: TargetName,
  round: number,
  rps: number,
  p99: number,
  extra: Partial<RunSample> & { errors?: number } = {},
): RunSample {
  const load: LoadResult = {
    requests: rps * 10,
    durationSeconds: 10,
    requestsPerSecond: rps,
    latencyMs: { p50: p99 / 4, p97_5: p99 / 2, p99, max: p99 * 2 },
    errors: extra.errors ?? 0,
    non2xx: 0,
    statusCodes: { 200: rps * 10 },
    generatorCpuShare: 0.5,
  };
  return {
    size: 1000,
    scenario,
    target,
    round,
    load,
    cpuMicrosPerRequest: 1e6 / rps,
    rssBytesAfter: 100 * 2 ** 20,
    ...extra,
  };
}

describe('summarize', () => {
  it('takes the median of each metric over rounds and sums errors', () => {
    const [summary] = summarize([
      sample('list', 'api', 1, 900, 30),
      sample('list', 'api', 2, 1000, 20, { errors: 2 }),
      sample('list', 'api', 3, 1200, 25, { rssBytesAfter: 120 * 2 ** 20 }),
    ]);
    expect(summary).toMatchObject({
      size: 1000,
      scenario: 'list',
      target: 'api',
      rounds: 3,
      requestsPerSecond: 1000,
      errors: 2,
    });
    expect(summary?.latencyMs.p99).toBe(25);
    expect(summary?.cpuMicrosPerRequest).toBe(1000);
    expect(summary?.rssMb).toBe(120); // the peak, not the median
  });

  it('keeps sizes, scenarios and targets apart', () => {
    const summaries = summarize([
      sample('list', 'api', 1, 1000, 20),
      sample('list', 'floor', 1, 2000, 10),
      { ...sample('list', 'api', 1, 800, 20), size: 1_000_000 },
    ]);
    expect(summaries).toHaveLength(3);
  });
});

describe('apiFloorRatios', () => {
  it('divides api by floor per scenario: throughput, p99 and CPU per request', () => {
    const [ratios] = apiFloorRatios([
      sample('list', 'api', 1, 600, 30),
      sample('list', 'floor', 1, 1000, 20),
    ]);
    expect(ratios?.throughput).toBeCloseTo(0.6);
    expect(ratios?.p99).toBeCloseTo(1.5);
    expect(ratios?.cpuPerRequest).toBeCloseTo(1000 / 600);
  });

  it('pairs each api window with the floor window of the same round, so drift between rounds cancels', () => {
    // The machine got twice as slow in round 2: both servers felt it; the paired ratio stays 0.5.
    const [ratios] = apiFloorRatios([
      sample('list', 'api', 1, 1000, 20),
      sample('list', 'floor', 1, 2000, 10),
      sample('list', 'api', 2, 500, 40),
      sample('list', 'floor', 2, 1000, 20),
      sample('list', 'api', 3, 1100, 20),
      sample('list', 'floor', 3, 2000, 10),
    ]);
    expect(ratios?.throughput).toBeCloseTo(0.5);
    expect(ratios?.p99).toBeCloseTo(2);
  });

  it('skips scenarios without a floor run', () => {
    expect(apiFloorRatios([sample('web', 'web', 1, 500, 40)])).toEqual([]);
  });
});

describe('checkTargets', () => {
  const byName = (checks: ReturnType<typeof checkTargets>) =>
    Object.fromEntries(checks.map((c) => [c.name, c]));

  it('holds api CPU per request and p99 to the floor at exactly the limits, and fails just beyond them', () => {
    const cpu = (micros: number) => ({ cpuMicrosPerRequest: micros });
    const atLimit = byName(
      checkTargets(
        [
          sample('list', 'api', 1, 600, 30, cpu(115)),
          sample('list', 'floor', 1, 1000, 20, cpu(100)),
          sample('create', 'api', 1, 600, 30, cpu(140)),
          sample('create', 'floor', 1, 1000, 20, cpu(100)),
          sample('health', 'api', 1, 600, 30, cpu(200)),
          sample('health', 'floor', 1, 1000, 20, cpu(100)),
        ],
        [{ target: 'api', bootMs: [900, 1000, 1100] }],
      ),
    );
    for (const scenario of ['list', 'create', 'health']) {
      expect(atLimit[`${scenario} @ 1000: api/floor CPU per request`]?.pass).toBe(true);
      expect(atLimit[`${scenario} @ 1000: api/floor p99`]?.pass).toBe(true);
    }
    expect(atLimit['api boot to healthy (median)']).toMatchObject({ actual: '1000 ms', pass: true });

    const beyond = byName(
      checkTargets(
        [
          sample('list', 'api', 1, 600, 30.2, cpu(116)),
          sample('list', 'floor', 1, 1000, 20, cpu(100)),
          sample('create', 'api', 1, 600, 30, cpu(141)),
          sample('create', 'floor', 1, 1000, 20, cpu(100)),
        ],
        [{ target: 'api', bootMs: [1001] }],
      ),
    );
    expect(beyond['list @ 1000: api/floor CPU per request']?.pass).toBe(false);
    expect(beyond['list @ 1000: api/floor p99']?.pass).toBe(false);
    expect(beyond['create @ 1000: api/floor CPU per request']?.pass).toBe(false);
    expect(beyond['api boot to healthy (median)']?.pass).toBe(false);
  });

  it('has no CPU target for scenarios without one (deep pages are held to the first page instead)', () => {
    const checks = byName(
      checkTargets([sample('deep', 'api', 1, 600, 30), sample('deep', 'floor', 1, 1000, 20)], []),
    );
    expect(checks['deep @ 1000: api/floor CPU per request']).toBeUndefined();
  });

  it('compares the largest table with the smallest, round by round, for first and deep pages', () => {
    const big = (scenario: ScenarioName, round: number, rps: number) => ({
      ...sample(scenario, 'api', round, rps, 20),
      size: 1_000_000,
    });
    const checks = byName(
      checkTargets(
        [
          sample('list', 'api', 1, 1000, 20),
          big('list', 1, 850),
          sample('list', 'api', 2, 500, 20), // a slow round: both sizes felt it
          big('list', 2, 435),
          big('deep', 1, 700),
          big('deep', 2, 400),
        ],
        [],
      ),
    );
    expect(checks['api list @ 1000000 ÷ list @ 1000']).toMatchObject({ actual: '0.86', pass: true });
    expect(checks['api deep @ 1000000 ÷ list @ 1000']).toMatchObject({ actual: '0.75', pass: false });
  });

  it('fails on any error, non-2xx or lost create, and on RSS over 120 MB', () => {
    const checks = byName(
      checkTargets(
        [
          sample('create', 'api', 1, 500, 20, { created: { acknowledged: 5000, missing: 1 } }),
          sample('health', 'api', 1, 5000, 5, { rssBytesAfter: 121 * 2 ** 20 }),
        ],
        [],
      ),
    );
    expect(checks['errors, non-2xx and lost creates (all runs)']).toMatchObject({ actual: '1', pass: false });
    expect(checks['api RSS after load (peak)']?.pass).toBe(false);
  });

  it("checks web's CPU per page against the api's per list at the same size", () => {
    const cpu = (micros: number) => ({ cpuMicrosPerRequest: micros });
    const checks = (webMicros: number) =>
      byName(
        checkTargets(
          [sample('list', 'api', 1, 1000, 20, cpu(300)), sample('web', 'web', 1, 450, 40, cpu(webMicros))],
          [],
        ),
      )['web GET / CPU per page ÷ api list @ 1000'];
    expect(checks(600)).toMatchObject({ actual: '2.00', pass: true });
    expect(checks(603)).toMatchObject({ actual: '2.01', pass: false });
  });
});
