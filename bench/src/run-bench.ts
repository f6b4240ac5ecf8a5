import { mkdir, rm } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '@iac-experiment/db/testing';
import { createMigratedDatabase } from '@iac-experiment/migrator/testing';
import pg from 'pg';
import { buildServers, snapshotBuilds } from './build.js';
import { countExisting, seedMessages } from './database/seed.js';
import { collectDeepCursors, getPage } from './load/cursors.js';
import { type LoadSpec, runLoad } from './load/load-test.js';
import type { BenchOptions, ScenarioName } from './options.js';
import { BENCH_ROOT } from './paths.js';
import { type CpuPlan, type Placement, planCpus } from './processes/cpu-affinity.js';
import { pinPostgres } from './processes/postgres-affinity.js';
import { ServerProcess } from './processes/server-process.js';
import { resolveServerNode } from './production-node.js';
import { median } from './report/stats.js';
import { checkTargets, summarize } from './report/summary.js';
import type { BenchReport, BootSample, RunSample, TargetName } from './report/types.js';
import { SCENARIOS } from './scenarios.js';
import { serverSpec } from './servers.js';

type Log = (line: string) => void;

const SETTLE_MS = 500;
const JIT_WARMUP_SECONDS = 3;
type Servers = Partial<Record<TargetName, ServerProcess>>;

/** Everything started so far, stopped in reverse order at the end or on Ctrl-C. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];
  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch(() => undefined);
  }
}

export async function runBench(options: BenchOptions, log: Log, cleanup: Cleanup): Promise<BenchReport> {
  const startedAt = new Date();
  const loadAverageBefore = loadavg();
  let buildsDir = options.buildsDir;
  if (buildsDir === undefined) {
    await buildServers(options.build, log);
    // Inside the repository (third-party packages resolve from its node_modules), whatever --out says.
    buildsDir = await snapshotBuilds(join(BENCH_ROOT, 'results', 'build'), log);
  } else {
    await buildServers(options.build, log, ['@iac-experiment/bench']);
  }

  log(
    process.env.DATABASE_URL ? 'using the Postgres server of DATABASE_URL' : 'starting an embedded Postgres…',
  );
  const postgres = await startTestPostgres(process.env);
  cleanup.add(() => postgres.stop());
  const postgresVersion = await serverVersion(postgres.url);
  const serverNode = await resolveServerNode(options.node, log);
  log(`servers run on Node ${serverNode.version} (${serverNode.path})`);
  const cpuPlan = planCpus();
  if (cpuPlan.pinned) {
    const pinned = await pinPostgres(postgres.url, cpuPlan.loadCpus as string).catch((error: Error) => {
      throw new Error(
        `${error.message}. The bench keeps Postgres off the servers' core (as Aurora is in production): run it as ` +
          "root or as the server's owner, or unset DATABASE_URL to use an embedded Postgres",
      );
    });
    // At exit rather than as a cleanup step: however the bench ends (done, interrupted, an uncaught error),
    // Postgres must not stay on one core.
    process.once('exit', () => pinned.restore());
  }
  log(
    cpuPlan.pinned
      ? `servers on CPU ${cpuPlan.serverCpus}; Postgres, the load generator and the api behind web on CPU ${cpuPlan.loadCpus}`
      : 'not pinned (no taskset)',
  );
  const logsDir = join(options.outDir, 'logs');
  await rm(logsDir, { recursive: true, force: true });
  await mkdir(logsDir, { recursive: true });

  const dirs = { buildsDir, logsDir, env: options.serverEnv, node: serverNode.path };
  const stands: Stand[] = [];
  let boots: BootSample[] = [];
  for (const size of options.sizes) {
    const database = await seededDatabase(postgres, size, log);
    cleanup.add(() => database.drop());
    stands.push({ size, database });
    // On the first (smallest) table, before a big seed keeps Postgres busy in the background.
    if (stands.length === 1) {
      boots = await measureBoots(options, { ...dirs, databaseUrl: database.url }, cpuPlan, log);
    }
  }
  for (const stand of stands) await startStand(stand, options, dirs, cpuPlan, log, cleanup);
  const samples = await measure(options, stands, log);
  for (const stand of stands) {
    for (const server of [...Object.values(stand.servers ?? {}), stand.webBackend]) await server?.stop();
    await stand.client?.end();
    stand.client = undefined;
    await stand.database.drop();
  }

  const summaries = summarize(samples);
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      serverNode: serverNode.version,
      postgres: postgresVersion,
      postgresKind: postgres.embedded ? 'embedded' : 'system',
      pinned: cpuPlan.pinned
        ? `servers pinned to CPU ${cpuPlan.serverCpus}; Postgres, autocannon and the api behind web to CPU ${cpuPlan.loadCpus}`
        : 'nothing pinned',
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    options: { ...options, freeMemoryGbAtStart: Math.round(freemem() / 1024 ** 3) },
    boot: boots.map((b) => ({ target: b.target, medianMs: median(b.bootMs), samplesMs: b.bootMs })),
    summaries,
    checks: checkTargets(samples, boots),
    samples,
  };
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?'
    );
  } finally {
    await client.end();
  }
}

async function seededDatabase(postgres: TestPostgres, size: number, log: Log): Promise<TestDatabase> {
  const database = await createMigratedDatabase({ serverUrl: postgres.url, prefix: `bench_${size}` });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const started = performance.now();
    await seedMessages(client, size);
    log(
      `seeded ${size.toLocaleString('en-US')} messages in ${Math.round(performance.now() - started)} ms (${database.name})`,
    );
  } finally {
    await client.end();
  }
  return database;
}

/** Boot time of each server, started `options.boots` times in turn (api, floor, web, api, …). */
async function measureBoots(
  options: BenchOptions,
  context: {
    buildsDir: string;
    databaseUrl: string;
    logsDir: string;
    env: Record<string, string>;
    node: string;
  },
  cpuPlan: CpuPlan,
  log: Log,
): Promise<BootSample[]> {
  const targets: TargetName[] = ['api', 'floor', 'web'];
  const results = targets.map((target) => ({ target, bootMs: [] as number[] }));
  for (let i = 0; i < options.boots; i++) {
    for (const result of results) {
      // web does not need a live api to become healthy.
      const spec = await serverSpec(result.target, {
        ...context,
        apiUrl: 'http://127.0.0.1:9',
        label: 'boot',
      });
      const server = await ServerProcess.start(spec, cpuPlan);
      result.bootMs.push(server.bootMs);
      await server.stop();
    }
  }
  for (const result of results) log(`boot ${result.target}: median ${Math.round(median(result.bootMs))} ms`);
  return results;
}

/** One table size: its database, the servers running against it, and its deep-page cursors. */
interface Stand {
  size: number;
  database: TestDatabase;
  servers?: Servers;
  /** The api web calls, kept off the measured core. */
  webBackend?: ServerProcess;
  client?: pg.Client;
  deepCursors?: string[];
}

async function startStand(
  stand: Stand,
  options: BenchOptions,
  dirs: { buildsDir: string; logsDir: string; env: Record<string, string>; node: string },
  cpuPlan: CpuPlan,
  log: Log,
  cleanup: Cleanup,
): Promise<void> {
  const label = String(stand.size);
  const servers: Servers = {};
  stand.servers = servers;
  const start = async (target: TargetName, apiUrl?: string, placement: Placement = 'server') => {
    const name = placement === 'server' ? target : `${target}-backend`;
    const server = await ServerProcess.start(
      await serverSpec(target, {
        ...dirs,
        databaseUrl: stand.database.url,
        apiUrl,
        label: placement === 'server' ? label : `backend-${label}`,
        nodeFlags: options.cpuProf
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${join(options.outDir, 'profiles')}`,
              `--cpu-prof-name=${name}-${label}.cpuprofile`,
            ]
          : [],
      }),
      cpuPlan,
      placement,
    );
    cleanup.add(() => server.stop());
    return server;
  };
  servers.api = await start('api');
  servers.floor = await start('floor');
  if (options.scenarios.includes('web')) {
    // web's own api, beside the load generator: web alone is on the measured core, as on its own Fargate task.
    stand.webBackend = await start('api', undefined, 'backend');
    servers.web = await start('web', stand.webBackend.url);
  }
  const { api, floor } = servers as Required<Servers>;
  stand.client = new pg.Client({ connectionString: stand.database.url });
  // Dropping the database ends this connection if it is still open (an interrupted run): not a reason to crash.
  stand.client.on('error', (error) => log(`connection to the ${label}-row database: ${error.message}`));
  await stand.client.connect();
  cleanup.add(async () => stand.client?.end());

  // Once per server, so the first measured scenario does not pay for JIT compilation.
  for (const [target, server] of Object.entries(servers)) {
    const path = target === 'web' ? '/' : '/api/messages?limit=50';
    await runLoad({
      url: server.url,
      method: 'GET',
      paths: [path],
      connections: options.connections,
      durationSeconds: JIT_WARMUP_SECONDS,
    });
  }

  if (options.scenarios.includes('deep')) {
    await assertSameCursors(api.url, floor.url);
    const started = performance.now();
    const walk = await collectDeepCursors(floor.url, options.deepWalkRows);
    stand.deepCursors = walk.cursors;
    log(
      `[${stand.size.toLocaleString('en-US')}] walked ${walk.rowsWalked.toLocaleString('en-US')} rows in ` +
        `${Math.round(performance.now() - started)} ms: ${walk.cursors.length} deep cursors`,
    );
  }
}

/**
 * Every window, interleaved so that what is compared ran close together in time: per scenario and round, each
 * table size in turn, and per size the api then the floor (A, B, A, B…). Machine drift then hits both sides of
 * each ratio alike.
 */
async function measure(options: BenchOptions, stands: Stand[], log: Log): Promise<RunSample[]> {
  const samples: RunSample[] = [];
  for (const scenario of options.scenarios) {
    for (let round = 1; round <= options.rounds; round++) {
      for (const stand of stands) {
        const servers = stand.servers as Servers;
        for (const target of SCENARIOS[scenario].targets) {
          const sample = await measureWindow({
            options,
            size: stand.size,
            scenario,
            target,
            round,
            server: servers[target] as ServerProcess,
            backend: target === 'web' ? stand.webBackend : undefined,
            deepCursors: stand.deepCursors ?? [],
            client: stand.client as pg.Client,
          });
          samples.push(sample);
          log(describeSample(sample));
        }
      }
    }
  }
  return samples;
}

/** The api and the floor hand out the same cursors, so cursors collected through one work on the other. */
async function assertSameCursors(apiUrl: string, floorUrl: string): Promise<void> {
  const [fromApi, fromFloor] = await Promise.all([
    getPage(apiUrl, 'limit=50'),
    getPage(floorUrl, 'limit=50'),
  ]);
  if (fromApi.nextCursor !== fromFloor.nextCursor || JSON.stringify(fromApi) !== JSON.stringify(fromFloor)) {
    throw new Error('the floor and the api disagree on the first page: the floor no longer mirrors the api');
  }
}

interface Window {
  options: BenchOptions;
  size: number;
  scenario: ScenarioName;
  target: TargetName;
  round: number;
  server: ServerProcess;
  backend?: ServerProcess;
  deepCursors: string[];
  client: pg.Client;
}

async function measureWindow(window: Window): Promise<RunSample> {
  const { options, server, backend } = window;
  const createdIds: string[] = [];
  const spec = loadSpec(window, createdIds);
  if (options.warmupSeconds > 0) {
    await runLoad({ ...spec, durationSeconds: options.warmupSeconds });
    // Requests cut off at the end of the warm-up are still being finished: not on the measured window's bill.
    await setTimeout(SETTLE_MS);
  }
  const cpuBefore = await server.cpuMicros();
  const backendBefore = await backend?.cpuMicros();
  const load = await runLoad(spec);
  const cpuUsed = (await server.cpuMicros()) - cpuBefore;
  const backendUsed =
    backend && backendBefore !== undefined ? (await backend.cpuMicros()) - backendBefore : undefined;
  const sample: RunSample = {
    size: window.size,
    scenario: window.scenario,
    target: window.target,
    round: window.round,
    load,
    cpuMicrosPerRequest: cpuUsed / load.requests,
    ...(backendUsed === undefined ? {} : { backendCpuMicrosPerRequest: backendUsed / load.requests }),
    rssBytesAfter: await server.rssBytes(),
  };
  if (window.scenario === 'create') {
    const found = await countExisting(window.client, createdIds);
    sample.created = { acknowledged: createdIds.length, missing: createdIds.length - found };
  }
  return sample;
}

/** Deep-page requests cycle through this many of the collected cursors (built once each). */
const DEEP_PATHS = 500;

function loadSpec(window: Window, createdIds: string[]): LoadSpec {
  const base = {
    url: window.server.url,
    connections: window.options.connections,
    durationSeconds: window.options.durationSeconds,
  };
  switch (window.scenario) {
    case 'list':
      return { ...base, method: 'GET', paths: ['/api/messages?limit=50'] };
    case 'deep': {
      const cursors = window.deepCursors;
      if (cursors.length === 0)
        throw new Error('no deep cursors: the table is too small for the deep scenario');
      return {
        ...base,
        method: 'GET',
        paths: sample(cursors, DEEP_PATHS).map((c) => `/api/messages?limit=50&cursor=${c}`),
      };
    }
    case 'health':
      return { ...base, method: 'GET', paths: ['/api/health'] };
    case 'web':
      return { ...base, method: 'GET', paths: ['/'] };
    case 'create':
      return {
        ...base,
        method: 'POST',
        paths: ['/api/messages'],
        body: JSON.stringify({
          content: `bench ${window.target}: the quick brown fox jumps over the lazy dog`,
        }),
        onCreated: (body) => createdIds.push((JSON.parse(body) as { id: string }).id),
      };
  }
}

/** Up to `count` items picked at random, in random order. */
function sample<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

function describeSample(sample: RunSample): string {
  const { load } = sample;
  const failures = load.errors + load.non2xx;
  return (
    `[${sample.size.toLocaleString('en-US')}] ${sample.scenario.padEnd(6)} ${sample.target.padEnd(5)} r${sample.round}: ` +
    `${Math.round(load.requestsPerSecond).toLocaleString('en-US')} req/s, p50 ${load.latencyMs.p50.toFixed(1)} ms, ` +
    `p99 ${load.latencyMs.p99.toFixed(1)} ms, ${Math.round(sample.cpuMicrosPerRequest)} µs CPU/req, ` +
    `RSS ${Math.round(sample.rssBytesAfter / 1024 ** 2)} MB, load generator ${Math.round(load.generatorCpuShare * 100)} % CPU` +
    (failures > 0
      ? `, ${load.errors} errors, ${load.non2xx} non-2xx ${JSON.stringify(load.statusCodes)}`
      : '') +
    (sample.created ? `, ${sample.created.missing} of ${sample.created.acknowledged} created missing` : '')
  );
}
