import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { repoPath } from '../../src/repo-paths.js';
import { freePort, type RunningProcess, startProcess } from './processes.js';

export const prometheusConfigPath = repoPath('monitoring', 'prometheus', 'prometheus.yml');

interface PrometheusConfig {
  global: Record<string, string>;
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

/**
 * The repository's Prometheus config with each job's targets replaced (compose service names → local
 * addresses) and a 1 s scrape interval, so a test sees scrapes within seconds. Everything else is kept.
 */
export function renderPrometheusConfig(targets: Record<string, string>): string {
  const config = parse(readFileSync(prometheusConfigPath, 'utf8')) as PrometheusConfig;
  const jobs = config.scrape_configs.map((job) => job.job_name).sort();
  if (JSON.stringify(jobs) !== JSON.stringify(Object.keys(targets).sort())) {
    throw new Error(`targets for ${Object.keys(targets)} given, the config has jobs ${jobs}`);
  }
  config.global = {
    ...config.global,
    scrape_interval: '1s',
    scrape_timeout: '1s',
    evaluation_interval: '1s',
  };
  for (const job of config.scrape_configs) job.static_configs = [{ targets: [targets[job.job_name]] }];
  return stringify(config);
}

export interface PrometheusServer extends RunningProcess {
  url: string;
  api<T>(path: string): Promise<T>;
}

/** The real Prometheus binary (Debian's `prometheus` package) on a free port, storing data under `dir`. */
export async function startPrometheus(dir: string, targets: (selfAddress: string) => Record<string, string>) {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  writeFileSync(`${dir}/prometheus.yml`, renderPrometheusConfig(targets(address)));
  const process = await startProcess({
    name: 'prometheus',
    command: 'prometheus',
    args: [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=${address}`,
    ],
    readyUrl: `http://${address}/-/ready`,
  });
  const url = `http://${address}`;
  const server: PrometheusServer = {
    ...process,
    url,
    async api<T>(path: string): Promise<T> {
      const response = await fetch(`${url}/api/v1/${path}`);
      const body = (await response.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
      return body.data;
    },
  };
  return server;
}
