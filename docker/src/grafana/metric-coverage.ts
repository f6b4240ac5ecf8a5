import { parsePromQL } from '../promql/promql-selectors.js';
import { type DashboardQuery, renderQuery } from './dashboards.js';

/** Labels Prometheus itself attaches to every scraped series. */
const TARGET_LABELS = new Set(['job', 'instance']);

/** What Prometheus holds per metric name: the jobs that export it and the label names seen on it. */
export type SeriesIndex = Map<string, { jobs: Set<string>; labels: Set<string> }>;

/** Indexes the answer of Prometheus's /api/v1/series (one label set per series, `__name__` included). */
export function indexSeries(series: Record<string, string>[]): SeriesIndex {
  const index: SeriesIndex = new Map();
  for (const { __name__: name, ...labels } of series) {
    const entry = index.get(name) ?? { jobs: new Set<string>(), labels: new Set<string>() };
    entry.jobs.add(labels.job);
    for (const label of Object.keys(labels)) entry.labels.add(label);
    index.set(name, entry);
  }
  return index;
}

/**
 * Why each query would draw an empty panel against these series: a metric nobody exports (or not the job the
 * query names), a label the metric does not carry, a grouping by a label none of the grouped metrics has.
 */
export function coverageProblems(
  queries: (DashboardQuery & { label?: string })[],
  index: SeriesIndex,
): string[] {
  const problems: string[] = [];
  for (const query of queries) {
    const where = `${query.dashboard} ${query.source}`;
    const { selectors, groupings } = parsePromQL(renderQuery(query.expr));
    for (const { metric, matchers } of selectors) {
      const exported = index.get(metric);
      if (!exported) {
        problems.push(`${where}: no service exports ${metric}`);
        continue;
      }
      const job = matchers.get('job');
      if (job && /^\w+$/.test(job) && !exported.jobs.has(job))
        problems.push(`${where}: job ${job} does not export ${metric}`);
      const labels = [...matchers.keys(), ...(query.label ? [query.label] : [])];
      for (const label of labels) {
        if (label !== '__name__' && !TARGET_LABELS.has(label) && !exported.labels.has(label)) {
          problems.push(`${where}: ${metric} has no label ${label}`);
        }
      }
    }
    for (const { labels, metrics } of groupings) {
      for (const label of labels) {
        const known =
          TARGET_LABELS.has(label) || metrics.some((metric) => index.get(metric)?.labels.has(label));
        if (!known) problems.push(`${where}: groups by ${label}, which none of ${metrics.join(', ')} has`);
      }
    }
  }
  return problems;
}
