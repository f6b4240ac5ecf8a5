import { describe, expect, it } from '@jest/globals';
import { PromQLSyntaxError, parsePromQL } from './promql-selectors.js';

describe('parsePromQL', () => {
  it('finds the metric and label matchers of each selector', () => {
    const { selectors } = parsePromQL(
      'sum(rate(http_request_duration_seconds_count{job=~"api|web", status_code=~"5.."}[1m])) / sum(up)',
    );
    expect(selectors.map((s) => [s.metric, Object.fromEntries(s.matchers)])).toEqual([
      ['http_request_duration_seconds_count', { job: 'api|web', status_code: '5..' }],
      ['up', {}],
    ]);
  });

  it('reads a metric named through __name__', () => {
    expect(parsePromQL('{__name__="db_pool_connections", state="idle"}').selectors[0].metric).toBe(
      'db_pool_connections',
    );
  });

  it('pairs grouping labels with the metrics they aggregate', () => {
    const { groupings } = parsePromQL(
      'histogram_quantile(0.99, sum by (job, route, le) (rate(http_request_duration_seconds_bucket[1m]))) > on() group_left sum(up)',
    );
    expect(groupings).toEqual([
      { labels: ['job', 'route', 'le'], metrics: ['http_request_duration_seconds_bucket'] },
      { labels: [], metrics: ['up'] },
    ]);
  });

  it('rejects a malformed query with the position of the error', () => {
    expect(() => parsePromQL('sum(rate(http_requests_in_flight[1m])')).toThrow(PromQLSyntaxError);
    expect(() => parsePromQL('rate(x{job=}[1m])')).toThrow(/syntax error at \d+/);
  });
});
