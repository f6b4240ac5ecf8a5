import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigratedDatabase, type MigratedDatabase } from '@iac-experiment/migrator/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCompose } from '../src/compose/compose-file.js';
import { loadDashboards, panelQueries, renderQuery, variableQueries } from '../src/grafana/dashboards.js';
import { coverageProblems, indexSeries } from '../src/grafana/metric-coverage.js';
import { repoPath } from '../src/repo-paths.js';
import { execFileAsync, freePort, type RunningProcess, startProcess } from './support/processes.js';
import { type PrometheusServer, startPrometheus } from './support/prometheus.js';

interface Target {
  labels: { job: string };
  health: string;
  lastError: string;
  lastScrape: string;
}

/**
 * The production builds of api and web (`node dist/main.bundle.js`, NODE_ENV=production) against a fresh database,
 * scraped by the real Prometheus with the repository's config: what the compose stack runs, minus containers.
 */
describe('Prometheus and the Grafana dashboards against the running services', () => {
  let database: MigratedDatabase;
  let dir: string;
  const running: RunningProcess[] = [];
  let prometheus: PrometheusServer;
  let apiUrl: string;
  let webUrl: string;

  beforeAll(async () => {
    for (const workload of ['api', 'web']) {
      if (!existsSync(repoPath(workload, 'dist', 'main.bundle.js')))
        throw new Error(`${workload} is not built: run yarn build`);
    }
    database = await createMigratedDatabase({ prefix: 'docker_monitoring' });
    dir = mkdtempSync(join(tmpdir(), 'monitoring-e2e-'));
    const [apiPort, apiMetricsPort, webPort, webMetricsPort] = await Promise.all(
      [1, 2, 3, 4].map(() => freePort()),
    );
    apiUrl = `http://127.0.0.1:${apiPort}`;
    webUrl = `http://127.0.0.1:${webPort}`;
    const common = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    running.push(
      await startProcess({
        name: 'api',
        command: process.execPath,
        args: ['dist/main.bundle.js'],
        cwd: repoPath('api'),
        env: {
          ...common,
          PORT: `${apiPort}`,
          METRICS_PORT: `${apiMetricsPort}`,
          DATABASE_URL: database.apiUrl,
          DATABASE_SSL: 'off',
        },
        readyUrl: `${apiUrl}/api/health`,
      }),
    );
    running.push(
      await startProcess({
        name: 'web',
        command: process.execPath,
        args: ['dist/main.bundle.js'],
        cwd: repoPath('web'),
        env: { ...common, PORT: `${webPort}`, METRICS_PORT: `${webMetricsPort}`, API_URL: apiUrl },
        readyUrl: `${webUrl}/health`,
      }),
    );
    prometheus = await startPrometheus(dir, (self) => ({
      api: `127.0.0.1:${apiMetricsPort}`,
      web: `127.0.0.1:${webMetricsPort}`,
      prometheus: self,
    }));
    running.push(prometheus);
  }, 120_000);

  afterAll(async () => {
    for (const process of running.reverse()) await process.stop();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until every target has been scraped after `since` and returns the targets. */
  async function scrapedAfter(since: number): Promise<Target[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { activeTargets } = await prometheus.api<{ activeTargets: Target[] }>('targets');
      const fresh = activeTargets.every(
        (target) => Date.parse(target.lastScrape) > since && target.health !== 'unknown',
      );
      if (fresh && activeTargets.length > 0) return activeTargets;
      if (Date.now() > deadline)
        throw new Error(`targets not scraped in time: ${JSON.stringify(activeTargets)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it.each([
    ['api', 3000],
    ['web', 3001],
  ])("passes the compose health check of %s (the same command, on the test's port)", async (name, port) => {
    const [, command, ...args] = (loadCompose().services[name].healthcheck?.test ?? []) as string[];
    const actual = new URL(name === 'api' ? apiUrl : webUrl).port;
    const script = args.map((arg) => arg.replace(`127.0.0.1:${port}/`, `127.0.0.1:${actual}/`));
    expect(command).toBe('node');
    await expect(execFileAsync(process.execPath, script)).resolves.toBeDefined();
  });

  it('finds every target in the Prometheus config up', async () => {
    const targets = await scrapedAfter(Date.now());
    const health = targets.map(({ labels, health, lastError }) => ({ job: labels.job, health, lastError }));
    expect(health.sort((a, b) => a.job.localeCompare(b.job))).toEqual([
      { job: 'api', health: 'up', lastError: '' },
      { job: 'prometheus', health: 'up', lastError: '' },
      { job: 'web', health: 'up', lastError: '' },
    ]);
  });

  describe('after some traffic through api and web', () => {
    const dashboards = loadDashboards();
    const queries = dashboards.flatMap(({ dashboard }) => [
      ...panelQueries(dashboard),
      ...variableQueries(dashboard),
    ]);

    beforeAll(async () => {
      const created = await fetch(`${apiUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'metrics, please' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      for (const path of [
        '/api/messages',
        `/api/messages/${id}`,
        '/api/health/ready',
        '/api/no-such-route',
      ]) {
        await (await fetch(`${apiUrl}${path}`)).arrayBuffer();
      }
      for (const path of ['/', '/health', '/no-such-page'])
        await (await fetch(`${webUrl}${path}`)).arrayBuffer();
      await scrapedAfter(Date.now());
    }, 60_000);

    it('sees every metric and label the dashboards query exported by the services', async () => {
      const series = await prometheus.api<Record<string, string>[]>(
        `series?${new URLSearchParams({ 'match[]': '{job=~"api|web"}' })}`,
      );
      expect(queries.length).toBeGreaterThan(10);
      expect(coverageProblems(queries, indexSeries(series))).toEqual([]);
    });

    it('runs every dashboard query in Prometheus without an error', async () => {
      const failures: string[] = [];
      for (const query of queries) {
        const rendered = renderQuery(query.expr);
        await prometheus.api(`query?${new URLSearchParams({ query: rendered })}`).catch((error: Error) => {
          failures.push(`${query.source}: ${error.message}`);
        });
      }
      expect(failures).toEqual([]);
    });
  });
});
