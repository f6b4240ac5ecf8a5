import { describe, expect, it } from '@jest/globals';
import { coverageProblems, indexSeries } from './metric-coverage.js';

const index = indexSeries([
  { __name__: 'http_request_duration_seconds_bucket', job: 'api', instance: 'a', route: '/api/x', le: '0.1' },
  { __name__: 'http_request_duration_seconds_bucket', job: 'web', instance: 'w', route: '/', le: '0.1' },
  { __name__: 'db_pool_connections', job: 'api', instance: 'a', state: 'idle' },
  { __name__: 'up', job: 'api', instance: 'a' },
]);
const query = (expr: string, label?: string) => ({ dashboard: 'd', source: 'panel "p" A', expr, label });

describe('coverageProblems', () => {
  it('accepts queries whose metrics, labels and groupings all exist', () => {
    const queries = [
      query(
        'histogram_quantile(0.99, sum by (job, route, le) (rate(http_request_duration_seconds_bucket{job=~"$service"}[$__rate_interval])))',
      ),
      query('sum by (state) (db_pool_connections{job="api", state="idle"}) / on() group_left sum(up)'),
      query('db_pool_connections', 'state'),
    ];
    expect(coverageProblems(queries, index)).toEqual([]);
  });

  it('reports a renamed metric', () => {
    expect(coverageProblems([query('rate(http_request_duration_seconds_buckets[1m])')], index)).toEqual([
      'd panel "p" A: no service exports http_request_duration_seconds_buckets',
    ]);
  });

  it('reports a metric asked of a job that does not export it', () => {
    expect(coverageProblems([query('db_pool_connections{job="web"}')], index)).toEqual([
      'd panel "p" A: job web does not export db_pool_connections',
    ]);
  });

  it('reports renamed labels in matchers, groupings and label_values', () => {
    expect(
      coverageProblems(
        [
          query('sum by (job, path) (rate(http_request_duration_seconds_bucket{status="500"}[1m]))'),
          query('db_pool_connections', 'pool_state'),
        ],
        index,
      ),
    ).toEqual([
      'd panel "p" A: http_request_duration_seconds_bucket has no label status',
      'd panel "p" A: groups by path, which none of http_request_duration_seconds_bucket has',
      'd panel "p" A: db_pool_connections has no label pool_state',
    ]);
  });
});
