import type { ScenarioName } from '../options.js';
import { median, ratio } from './stats.js';
import type { BootSample, RunSample, ScenarioSummary, TargetCheck, TargetName } from './types.js';

const MB = 1024 * 1024;

/** Groups samples by size × scenario × target and takes the median of each metric over the rounds. */
export function summarize(samples: RunSample[]): ScenarioSummary[] {
  const groups = new Map<string, RunSample[]>();
  for (const sample of samples) {
    const key = `${sample.size}|${sample.scenario}|${sample.target}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as RunSample;
    const of = (pick: (sample: RunSample) => number) => median(group.map(pick));
    const backend = group.flatMap((sample) =>
      sample.backendCpuMicrosPerRequest === undefined ? [] : [sample.backendCpuMicrosPerRequest],
    );
    const created = group.flatMap((sample) => (sample.created ? [sample.created] : []));
    return {
      size: first.size,
      scenario: first.scenario,
      target: first.target,
      rounds: group.length,
      requestsPerSecond: of((s) => s.load.requestsPerSecond),
      latencyMs: {
        p50: of((s) => s.load.latencyMs.p50),
        p97_5: of((s) => s.load.latencyMs.p97_5),
        p99: of((s) => s.load.latencyMs.p99),
      },
      errors: sum(group.map((s) => s.load.errors)),
      non2xx: sum(group.map((s) => s.load.non2xx)),
      cpuMicrosPerRequest: of((s) => s.cpuMicrosPerRequest),
      ...(backend.length > 0 ? { backendCpuMicrosPerRequest: median(backend) } : {}),
      rssMb: Math.max(...group.map((s) => s.rssBytesAfter)) / MB,
      generatorCpuShare: of((s) => s.load.generatorCpuShare),
      ...(created.length > 0
        ? {
            created: {
              acknowledged: sum(created.map((c) => c.acknowledged)),
              missing: sum(created.map((c) => c.missing)),
            },
          }
        : {}),
    };
  });
}

export function find(
  summaries: ScenarioSummary[],
  size: number,
  scenario: ScenarioName,
  target: TargetName,
): ScenarioSummary | undefined {
  return summaries.find((s) => s.size === size && s.scenario === scenario && s.target === target);
}

export interface ApiFloorRatios {
  size: number;
  scenario: ScenarioName;
  throughput: number;
  p99: number;
  cpuPerRequest: number;
}

/**
 * api ÷ floor for each scenario both ran: throughput (higher is better), p99 and CPU per request (lower is).
 * Each api window is divided by the floor window that ran right after it (same round), and the median of those
 * paired ratios is taken: machine drift between rounds cancels out.
 */
export function apiFloorRatios(samples: RunSample[]): ApiFloorRatios[] {
  const pairs = new Map<string, Array<{ api: RunSample; floor: RunSample }>>();
  for (const api of samples.filter((s) => s.target === 'api')) {
    const floor = samples.find(
      (s) =>
        s.target === 'floor' && s.size === api.size && s.scenario === api.scenario && s.round === api.round,
    );
    if (!floor) continue;
    const key = `${api.size}|${api.scenario}`;
    pairs.set(key, [...(pairs.get(key) ?? []), { api, floor }]);
  }
  return [...pairs.values()].map((group) => {
    const first = (group[0] as { api: RunSample }).api;
    const of = (pick: (pair: { api: RunSample; floor: RunSample }) => number) => median(group.map(pick));
    return {
      size: first.size,
      scenario: first.scenario,
      throughput: of((p) => ratio(p.api.load.requestsPerSecond, p.floor.load.requestsPerSecond)),
      p99: of((p) => ratio(p.api.load.latencyMs.p99, p.floor.load.latencyMs.p99)),
      cpuPerRequest: of((p) => ratio(p.api.cpuMicrosPerRequest, p.floor.cpuMicrosPerRequest)),
    };
  });
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/**
 * The performance targets, in one place. Server CPU per request is the primary figure: it is what a Fargate
 * vCPU pays for when Postgres runs elsewhere (the bench pins Postgres away from the servers' core).
 */
export const TARGETS = {
  /** api ÷ floor CPU µs per request, at every table size. */
  cpuPerRequest: { list: 1.15, create: 1.4, health: 2 } as Partial<Record<ScenarioName, number>>,
  /** api ÷ floor p99 latency, for the same scenarios. */
  p99: 1.5,
  /** web's CPU per page ÷ the api's CPU per list of 50 (the call web makes). */
  webCpuPerPage: 2,
  /** A larger table's pages ÷ the smallest table's first page, throughput. */
  sizeScaling: 0.8,
  apiRssMb: 120,
  apiBootMs: 1000,
} as const;

/** The targets, each with the measured value. Checks whose inputs were not measured are left out. */
export function checkTargets(samples: RunSample[], boots: BootSample[]): TargetCheck[] {
  const summaries = summarize(samples);
  const checks: TargetCheck[] = [];
  const sizes = [...new Set(summaries.map((s) => s.size))].sort((a, b) => a - b);
  for (const r of apiFloorRatios(samples)) {
    const cpuLimit = TARGETS.cpuPerRequest[r.scenario];
    if (cpuLimit === undefined) continue;
    checks.push({
      name: `${r.scenario} @ ${r.size}: api/floor CPU per request`,
      actual: fixed(r.cpuPerRequest),
      goal: `≤ ${fixed(cpuLimit)}`,
      pass: r.cpuPerRequest <= cpuLimit,
    });
    checks.push({
      name: `${r.scenario} @ ${r.size}: api/floor p99`,
      actual: fixed(r.p99),
      goal: `≤ ${fixed(TARGETS.p99)}`,
      pass: r.p99 <= TARGETS.p99,
    });
  }
  const failures = summaries.filter((s) => s.errors + s.non2xx > 0 || (s.created?.missing ?? 0) > 0);
  checks.push({
    name: 'errors, non-2xx and lost creates (all runs)',
    actual: String(sum(summaries.map((s) => s.errors + s.non2xx + (s.created?.missing ?? 0)))),
    goal: '0',
    pass: failures.length === 0,
  });
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  if (smallest !== undefined && largest !== undefined && largest !== smallest) {
    // Deep pages at the largest size are held to the smallest table's first page.
    for (const scenario of ['list', 'deep'] as const) {
      const value = pairedRatio(
        samples,
        'api',
        { scenario, size: largest },
        { scenario: 'list', size: smallest },
      );
      if (Number.isNaN(value)) continue;
      checks.push({
        name: `api ${scenario} @ ${largest} ÷ list @ ${smallest}`,
        actual: fixed(value),
        goal: `≥ ${fixed(TARGETS.sizeScaling)}`,
        pass: value >= TARGETS.sizeScaling,
      });
    }
  }
  const apiRss = summaries.filter((s) => s.target === 'api').map((s) => s.rssMb);
  if (apiRss.length > 0) {
    const peak = Math.max(...apiRss);
    checks.push({
      name: 'api RSS after load (peak)',
      actual: `${fixed(peak, 0)} MB`,
      goal: `≤ ${TARGETS.apiRssMb} MB`,
      pass: peak <= TARGETS.apiRssMb,
    });
  }
  const apiBoot = boots.find((b) => b.target === 'api');
  if (apiBoot && apiBoot.bootMs.length > 0) {
    const bootMs = median(apiBoot.bootMs);
    checks.push({
      name: 'api boot to healthy (median)',
      actual: `${fixed(bootMs, 0)} ms`,
      goal: `≤ ${TARGETS.apiBootMs} ms`,
      pass: bootMs <= TARGETS.apiBootMs,
    });
  }
  for (const size of sizes) {
    const web = find(summaries, size, 'web', 'web')?.cpuMicrosPerRequest;
    const api = find(summaries, size, 'list', 'api')?.cpuMicrosPerRequest;
    if (web === undefined || api === undefined) continue;
    const value = ratio(web, api);
    checks.push({
      name: `web GET / CPU per page ÷ api list @ ${size}`,
      actual: fixed(value),
      goal: `≤ ${fixed(TARGETS.webCpuPerPage)}`,
      pass: value <= TARGETS.webCpuPerPage,
    });
  }
  return checks;
}

/** Median over rounds of the throughput of `a` ÷ that of `b`, each round paired with the same round. */
export function pairedRatio(
  samples: RunSample[],
  target: TargetName,
  a: { scenario: ScenarioName; size: number },
  b: { scenario: ScenarioName; size: number },
): number {
  const of = (which: typeof a) =>
    samples.filter((s) => s.scenario === which.scenario && s.target === target && s.size === which.size);
  const denominators = of(b);
  const ratios = of(a).flatMap((s) => {
    const other = denominators.find((d) => d.round === s.round);
    return other ? [ratio(s.load.requestsPerSecond, other.load.requestsPerSecond)] : [];
  });
  return median(ratios);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
