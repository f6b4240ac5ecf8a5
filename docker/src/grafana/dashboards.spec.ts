import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadCompose } from '../compose/compose-file.js';
import { parsePromQL } from '../promql/promql-selectors.js';
import { repoPath } from '../repo-paths.js';
import {
  allPanels,
  dashboardsDir,
  loadDashboards,
  panelQueries,
  renderQuery,
  variableQueries,
} from './dashboards.js';

const provisioning = repoPath('monitoring', 'grafana', 'provisioning');
const datasources = parse(readFileSync(`${provisioning}/datasources/prometheus.yml`, 'utf8')) as {
  datasources: {
    uid: string;
    type: string;
    url: string;
    isDefault: boolean;
    jsonData?: { timeInterval?: string };
  }[];
};
const providers = parse(readFileSync(`${provisioning}/dashboards/iac-experiment.yml`, 'utf8')) as {
  providers: { type: string; options: { path: string } }[];
};
const grafana = loadCompose().services.grafana;
const prometheusConfig = parse(
  readFileSync(repoPath('monitoring', 'prometheus', 'prometheus.yml'), 'utf8'),
) as {
  global: { scrape_interval: string };
};
const dashboards = loadDashboards();
const seconds = (duration: string) => {
  const [, value, unit] = /^(\d+)(s|m|h)$/.exec(duration) ?? [];
  return Number(value) * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
};

describe('Grafana provisioning', () => {
  it('provisions one default Prometheus data source at the compose service, at the scrape interval', () => {
    expect(datasources.datasources).toHaveLength(1);
    const [prometheus] = datasources.datasources;
    expect(prometheus).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true });
    expect(prometheus.jsonData?.timeInterval).toBe(prometheusConfig.global.scrape_interval);
  });

  it('loads dashboards from the folder compose mounts the repository dashboards at', () => {
    const [provider] = providers.providers;
    expect(provider.type).toBe('file');
    expect(grafana.volumes).toContain(`./monitoring/grafana/dashboards:${provider.options.path}:ro`);
    expect(grafana.volumes).toContain('./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro');
    const home = String(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    expect(home.startsWith(`${provider.options.path}/`)).toBe(true);
    expect(existsSync(`${dashboardsDir}/${home.slice(provider.options.path.length + 1)}`)).toBe(true);
  });
});

describe.each(dashboards)('dashboard $file', ({ dashboard }) => {
  const datasourceUid = datasources.datasources[0].uid;
  const panels = allPanels(dashboard);
  const queries = [...panelQueries(dashboard), ...variableQueries(dashboard)];

  it('has a stable uid, unique panel ids and panels inside the 24-column grid', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    for (const { gridPos } of panels) expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
  });

  it('opens on a recent time range and refreshes no faster than Prometheus scrapes', () => {
    expect(dashboard.time?.to).toBe('now');
    expect(dashboard.time?.from).toMatch(/^now-\d+[mh]$/);
    expect(seconds(dashboard.refresh ?? '')).toBeGreaterThanOrEqual(
      seconds(prometheusConfig.global.scrape_interval),
    );
  });

  it('queries only the provisioned data source', () => {
    const graphs = panels.filter((panel) => panel.type !== 'row');
    expect(graphs.length).toBeGreaterThan(0);
    for (const panel of graphs) {
      expect(panel.datasource?.uid).toBe(datasourceUid);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(datasourceUid);
    }
  });

  it('has queries that are valid PromQL once Grafana has filled in its variables', () => {
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(() => parsePromQL(renderQuery(query.expr))).not.toThrow();
  });
});

describe('the services dashboard', () => {
  const services = dashboards.find(({ file }) => file === 'services.json')?.dashboard;
  const exprs = services ? panelQueries(services).map((query) => query.expr) : [];
  const metrics = new Set(
    exprs.flatMap((expr) => parsePromQL(renderQuery(expr)).selectors.map((s) => s.metric)),
  );

  it.each([
    ['request rate and error rate', 'http_request_duration_seconds_count'],
    ['latency by route', 'http_request_duration_seconds_bucket'],
    ['in-flight requests', 'http_requests_in_flight'],
    ['database pool use and wait', 'db_pool_connections'],
    ['database pool size', 'db_pool_max_connections'],
    ['process CPU', 'process_cpu_seconds_total'],
    ['process memory', 'process_resident_memory_bytes'],
    ['event loop lag', 'nodejs_eventloop_lag_p99_seconds'],
  ])('shows %s (%s)', (_what, metric) => {
    expect(metrics).toContain(metric);
  });

  it('shows p50, p95 and p99 latency grouped by route', () => {
    for (const quantile of ['0.5', '0.95', '0.99']) {
      expect(exprs).toContainEqual(
        expect.stringMatching(
          new RegExp(`^histogram_quantile\\(${quantile.replace('.', '\\.')}, sum by \\([^)]*\\broute\\b`),
        ),
      );
    }
  });

  it('shows the share of 5xx responses', () => {
    expect(exprs).toContainEqual(expect.stringContaining('status_code=~"5.."'));
  });
});
