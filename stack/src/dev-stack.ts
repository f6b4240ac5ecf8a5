import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { buildStale } from './build/build-stale.js';
import { buildOrder, readWorkspaces } from './build/workspace-builds.js';
import { apiDatabaseUrl, apiEnv, baseEnv, DEV_HOST, migratorEnv, webEnv } from './child-env.js';
import type { DevConfig, Env } from './config.js';
import { type DevDatabase, startDevDatabase } from './database/dev-database.js';
import { formatPrefix, type LogSource } from './processes/log-prefix.js';
import { expectSuccess, ManagedProcess, type ProcessSpec } from './processes/managed-process.js';
import { ProcessLedger } from './processes/process-ledger.js';
import { waitForHttp } from './processes/wait-for-http.js';
import { createAlbRouter } from './routing/alb-router.js';
import { type AlbRoute, loadRoutesFromManifests } from './routing/manifest-routes.js';

const MIGRATOR = '@iac-experiment/migrator';
const SERVICES = {
  api: { workspace: '@iac-experiment/api', healthPath: '/api/health' },
  web: { workspace: '@iac-experiment/web', healthPath: '/health' },
} as const;
type ServiceName = keyof typeof SERVICES;

const READY_TIMEOUT_MS = 180_000;

export interface DevStackOptions {
  config: DevConfig;
  /** Where every line goes (prefixed by its source). */
  output: Writable;
  color?: boolean;
}

export interface StackUrls {
  router: string;
  api: string;
  web: string;
  database: string;
}

/**
 * The whole stack on one machine, no Docker: Postgres (embedded unless DATABASE_URL is set), the migrator
 * once, api and web under `nest start --watch`, and on one origin a router that applies the production ALB's
 * rules, derived from the Copilot manifests. `stop()` may be called at any point, also mid-start.
 */
export class DevStack {
  private readonly ledger: ProcessLedger;
  private readonly services = new Map<ServiceName, ManagedProcess>();
  /** Build and migrator runs in progress. */
  private readonly steps = new Set<ManagedProcess>();
  private databaseStarting: Promise<DevDatabase> | undefined;
  private database: DevDatabase | undefined;
  private router: Server | undefined;
  private readonly aborter = new AbortController();
  private stopping: Promise<void> | undefined;
  private readonly startedAt = Date.now();
  private reportCrash: (reason: string) => void = () => {};
  /** Resolves if api or web exits on its own (its watcher died), naming which. */
  readonly crashed = new Promise<string>((resolve) => {
    this.reportCrash = resolve;
  });
  routes: AlbRoute[] = [];

  constructor(private readonly options: DevStackOptions) {
    this.ledger = new ProcessLedger(join(options.config.dataDir, 'dev-processes.json'));
  }

  private get config(): DevConfig {
    return this.options.config;
  }

  log(message: string, source: LogSource = 'dev'): void {
    const prefix = formatPrefix(source, this.options.color ?? false);
    this.options.output.write(
      message
        .split('\n')
        .map((line) => `${prefix}${line}\n`)
        .join(''),
    );
  }

  get urls(): StackUrls {
    const { ports } = this.config;
    return {
      router: `http://localhost:${ports.router}`,
      api: `http://localhost:${ports.api}/api`,
      web: `http://localhost:${ports.web}`,
      database: this.database?.displayUrl ?? '(not started)',
    };
  }

  /** Resolves once api and web answer their health checks. On failure it rejects; `stop()` then cleans up. */
  async start(): Promise<void> {
    const { config } = this;
    const signal = this.aborter.signal;

    const leftovers = await this.ledger.stopLeftovers();
    if (leftovers.length > 0)
      this.log(`stopped processes a killed earlier run left behind: ${leftovers.join(', ')}`);
    await assertPortsFree(config.ports);
    this.routes = await loadRoutesFromManifests(join(config.repoRoot, 'copilot'));
    signal.throwIfAborted();

    this.log(config.databaseUrl ? 'using the database in DATABASE_URL' : 'starting the embedded Postgres…');
    this.databaseStarting = startDevDatabase({
      config,
      prefix: formatPrefix('db', this.options.color ?? false),
      output: this.options.output,
      onSpawn: (host) => void this.ledger.add('db', host.pid),
    });
    void this.databaseStarting.then(
      () => this.log(`database ready ${this.elapsed()}`),
      () => {},
    );
    const [database] = await Promise.all([this.databaseStarting, this.buildDependencies()]);
    this.database = database;
    signal.throwIfAborted();

    // A new password on every start: the migrator sets it, so each `yarn dev` also rotates the api's password.
    const apiUrl = apiDatabaseUrl(database.url, randomBytes(16).toString('hex'));
    this.log('applying migrations…');
    await this.runStep(
      this.spec(
        'migrator',
        process.execPath,
        ['dist/main.js'],
        this.workspaceDir(MIGRATOR),
        migratorEnv(config, database.url, apiUrl),
      ),
      'the migrator failed; its output is above',
    );
    this.log(`migrations applied ${this.elapsed()}`);
    signal.throwIfAborted();

    const routerListening = this.startRouter();
    await Promise.all([
      this.startService('api', apiEnv(config, apiUrl)),
      this.startService('web', webEnv(config)),
      routerListening,
    ]);
    await Promise.all((Object.keys(SERVICES) as ServiceName[]).map((name) => this.waitUntilHealthy(name)));
  }

  /** Seconds since this run began, for the log: shows where start-up time goes. */
  private elapsed(): string {
    return `(${((Date.now() - this.startedAt) / 1000).toFixed(1)} s)`;
  }

  /** Stops everything this run started, in reverse order; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  /** A second Ctrl-C: no more waiting for graceful shutdowns. */
  async kill(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop(0)));
  }

  private async stopAll(): Promise<void> {
    this.aborter.abort(new Error('stopping'));
    const router = this.router;
    if (router) {
      router.closeAllConnections();
      await new Promise<void>((resolve) => router.close(() => resolve()));
    }
    await Promise.all([
      ...[...this.steps].map((step) => step.stop(2_000)),
      ...[...this.services.entries()].map(async ([name, service]) => {
        await service.stop(10_000);
        await this.ledger.remove(service.pid);
        this.log(`${name} stopped`);
      }),
    ]);
    const database = await this.databaseStarting?.catch(() => undefined);
    if (database) {
      await database.stop();
      if (database.pgid) await this.ledger.remove(database.pgid);
      this.log('database stopped');
    }
  }

  /** A one-shot command (build, migrator), stopped too if the stack stops meanwhile. */
  private async runStep(spec: ProcessSpec, failure: string): Promise<void> {
    this.aborter.signal.throwIfAborted();
    const step = new ManagedProcess(spec.command, spec);
    this.steps.add(step);
    await this.ledger.add('step', step.pid);
    try {
      await expectSuccess(step, failure);
    } finally {
      this.steps.delete(step);
      await this.ledger.remove(step.pid);
    }
  }

  private async buildDependencies(): Promise<void> {
    const workspaces = await readWorkspaces(this.config.repoRoot);
    const order = buildOrder(
      workspaces,
      [MIGRATOR],
      Object.values(SERVICES).map((service) => service.workspace),
    );
    const { built, upToDate } = await buildStale(
      order,
      join(this.config.dataDir, 'dev-builds.json'),
      (workspace) => {
        this.log(`building ${workspace.name}…`, 'build');
        return this.runStep(
          this.spec('build', 'yarn', ['run', 'build'], workspace.dir, baseEnv(this.config)),
          `building ${workspace.name} failed; its output is above`,
        );
      },
    );
    if (upToDate.length > 0) this.log(`up to date: ${upToDate.join(', ')}`, 'build');
    if (built.length > 0) this.log(`built: ${built.join(', ')} ${this.elapsed()}`, 'build');
  }

  private async startService(name: ServiceName, env: Env): Promise<void> {
    this.aborter.signal.throwIfAborted();
    const dir = this.workspaceDir(SERVICES[name].workspace);
    const service = new ManagedProcess(name, this.spec(name, 'yarn', ['run', 'start:dev'], dir, env));
    this.services.set(name, service);
    await this.ledger.add(name, service.pid);
    void service.exited.then(({ code, signal }) => {
      if (!this.stopping) this.reportCrash(`${name} exited unexpectedly (${signal ?? `code ${code}`})`);
    });
  }

  private async waitUntilHealthy(name: ServiceName): Promise<void> {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} was not started`);
    const port = this.config.ports[name];
    await waitForHttp(`http://127.0.0.1:${port}${SERVICES[name].healthPath}`, {
      timeoutMs: READY_TIMEOUT_MS,
      signal: this.aborter.signal,
      giveUp: service.exited.then(({ code, signal }) => `${name} exited (${signal ?? `code ${code}`})`),
    });
    this.log(`${name} is up ${this.elapsed()}`);
  }

  private async startRouter(): Promise<void> {
    const { ports } = this.config;
    const router = createAlbRouter({
      routes: this.routes,
      targets: { api: `http://127.0.0.1:${ports.api}`, web: `http://127.0.0.1:${ports.web}` },
    });
    this.router = router;
    await new Promise<void>((resolve, reject) => {
      router.once('error', reject);
      router.listen(ports.router, DEV_HOST, () => resolve());
    });
  }

  private workspaceDir(name: string): string {
    const folder = name.replace('@iac-experiment/', '');
    return join(this.config.repoRoot, folder);
  }

  private spec(source: LogSource, command: string, args: string[], cwd: string, env: Env): ProcessSpec {
    return {
      command,
      args,
      cwd,
      env,
      prefix: formatPrefix(source, this.options.color ?? false),
      output: this.options.output,
    };
  }
}

/** Fails fast, naming the variable to change, when something else already listens on a port we need. */
async function assertPortsFree(ports: DevConfig['ports']): Promise<void> {
  const variables: Record<keyof DevConfig['ports'], string> = {
    router: 'DEV_ROUTER_PORT',
    api: 'DEV_API_PORT',
    web: 'DEV_WEB_PORT',
    apiMetrics: 'DEV_API_METRICS_PORT',
    webMetrics: 'DEV_WEB_METRICS_PORT',
    database: 'DEV_DB_PORT',
  };
  const busy: string[] = [];
  // The database port is left to the embedded Postgres, which first stops a leftover postmaster holding it.
  const needed = Object.entries(ports).filter(([key]) => key !== 'database');
  for (const [key, port] of needed as [keyof DevConfig['ports'], number][]) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (!free) busy.push(`port ${port} is already in use (set ${variables[key]} to use another)`);
  }
  if (busy.length > 0) throw new Error(busy.join('\n'));
}
