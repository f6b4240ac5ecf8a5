import type { LoadResult } from '../load/load-test.js';
import type { ScenarioName } from '../options.js';

export type TargetName = 'api' | 'floor' | 'web';

/** One measured window: one scenario against one server at one table size. */
export interface RunSample {
  size: number;
  scenario: ScenarioName;
  target: TargetName;
  round: number;
  load: LoadResult;
  /** CPU time the server process used during the window, per completed request. */
  cpuMicrosPerRequest: number;
  /** For web: the api's CPU per web request (web's page costs an api call too). */
  backendCpuMicrosPerRequest?: number;
  rssBytesAfter: number;
  /** Create scenario: 201 responses seen (warm-up included) and how many of those ids are missing afterwards. */
  created?: { acknowledged: number; missing: number };
}

export interface BootSample {
  target: TargetName;
  bootMs: number[];
}

/** Medians over rounds of one scenario × target × size. */
export interface ScenarioSummary {
  size: number;
  scenario: ScenarioName;
  target: TargetName;
  rounds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number };
  errors: number;
  non2xx: number;
  cpuMicrosPerRequest: number;
  backendCpuMicrosPerRequest?: number;
  rssMb: number;
  /** Share of a core the load generator used (near 1: it, not the server, set the pace). */
  generatorCpuShare: number;
  created?: { acknowledged: number; missing: number };
}

export interface TargetCheck {
  name: string;
  actual: string;
  goal: string;
  pass: boolean;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGb: number;
    /** The bench's own Node (load generator). */
    node: string;
    /** The Node api, web and the floor ran on. */
    serverNode: string;
    postgres: string;
    postgresKind: 'system' | 'embedded';
    pinned: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  options: Record<string, unknown>;
  boot: Array<{ target: TargetName; medianMs: number; samplesMs: number[] }>;
  summaries: ScenarioSummary[];
  checks: TargetCheck[];
  samples: RunSample[];
}
