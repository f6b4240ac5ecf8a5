export interface MetricsOptions {
  /** Port of the private metrics listener; 0 picks a free one (see MetricsServer.port). */
  port: number;
  /** Interface to bind; all interfaces when absent (Prometheus scrapes the task/container address). */
  host?: string;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
