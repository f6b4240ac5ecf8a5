import { readdirSync, readFileSync } from 'node:fs';
import { repoPath } from '../repo-paths.js';

export const dashboardsDir = repoPath('monitoring', 'grafana', 'dashboards');

export interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Target[];
  panels?: Panel[];
}

export interface TemplateVariable {
  name: string;
  type: string;
  datasource?: { type: string; uid: string };
  query?: string | { query: string };
}

export interface Dashboard {
  uid: string;
  title: string;
  time?: { from: string; to: string };
  refresh?: string;
  panels: Panel[];
  templating?: { list: TemplateVariable[] };
}

/** A query Grafana sends to Prometheus, and where it comes from. */
export interface DashboardQuery {
  dashboard: string;
  source: string;
  expr: string;
}

export function loadDashboards(dir = dashboardsDir): { file: string; dashboard: Dashboard }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Dashboard }));
}

/** Every panel, including those nested in collapsed rows. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export function panelQueries(dashboard: Dashboard): DashboardQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: dashboard.uid,
      source: `panel "${panel.title}" ${target.refId}`,
      expr: target.expr,
    })),
  );
}

/** The Prometheus series selectors behind `label_values(<selector>, <label>)` template variables. */
export function variableQueries(dashboard: Dashboard): (DashboardQuery & { label: string })[] {
  return (dashboard.templating?.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const match = /^label_values\((.+),\s*([a-zA-Z_]\w*)\)$/.exec(query.trim());
      if (!match)
        throw new Error(
          `variable ${variable.name}: expected label_values(<selector>, <label>), got ${query}`,
        );
      return {
        dashboard: dashboard.uid,
        source: `variable ${variable.name}`,
        expr: match[1],
        label: match[2],
      };
    });
}

// What Grafana puts in place of its built-in interval variables before the query reaches Prometheus.
const BUILT_INS: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '30m',
};

/**
 * The query as Grafana sends it: built-in intervals replaced, dashboard variables (`$service`, `${service}`,
 * `[[service]]`) replaced by `value` (a regex that matches every value, like the "All" option).
 */
export function renderQuery(expr: string, value = '.+'): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g, (_match, braced, plain, legacy) => {
    const name = braced ?? plain ?? legacy;
    return BUILT_INS[name] ?? value;
  });
}
