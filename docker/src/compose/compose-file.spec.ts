import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoPath } from '../repo-paths.js';
import { type ComposeFile, composeSchemaErrors, loadCompose } from './compose-file.js';

const compose = loadCompose();
const { services } = compose;
const copy = (): ComposeFile => structuredClone(compose);
const manifest = (workload: string) =>
  parse(readFileSync(repoPath('copilot', workload, 'manifest.yml'), 'utf8')) as {
    http?: { path: string; healthcheck?: { path: string } | string };
    image?: { port?: number };
    variables?: Record<string, string>;
  };
/** `127.0.0.1:${API_PORT:-3000}:3000` → { host: 3000, container: 3000 } */
const published = (service: string) =>
  (services[service].ports ?? []).map((mapping) => {
    const [, host, container] = /^127\.0\.0\.1:\$\{\w+:-(\d+)\}:(\d+)$/.exec(mapping) ?? [];
    return { host: Number(host), container: Number(container) };
  });

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON schema', () => {
    expect(composeSchemaErrors(compose)).toEqual([]);
  });

  it('would fail that check on a misspelled key or a malformed duration', () => {
    const misspelled = copy() as unknown as { services: Record<string, Record<string, unknown>> };
    misspelled.services.api.depends_onn = misspelled.services.api.depends_on;
    expect(composeSchemaErrors(misspelled)).toContainEqual(expect.stringContaining('depends_onn'));

    const badDuration = copy();
    if (badDuration.services.api.healthcheck) badDuration.services.api.healthcheck.interval = '10 seconds';
    expect(composeSchemaErrors(badDuration)).toContainEqual(
      expect.stringContaining('/services/api/healthcheck/interval'),
    );
  });

  it('publishes the documented ports, on localhost only', () => {
    const expected: Record<string, [number, number]> = {
      postgres: [5432, 5432],
      api: [3000, 3000],
      web: [3001, 3001],
      proxy: [8080, 8080],
      prometheus: [9090, 9090],
      grafana: [3002, 3000],
    };
    for (const [service, [host, container]] of Object.entries(expected)) {
      expect(published(service)).toEqual([{ host, container }]);
    }
    expect(published('migrator')).toEqual([]);
  });

  it.each(['api', 'web', 'migrator'])(
    'builds %s from its own Dockerfile with the repository root as context',
    (name) => {
      expect(services[name].build).toEqual({ context: '.', dockerfile: `${name}/Dockerfile` });
      expect(existsSync(repoPath(name, 'Dockerfile'))).toBe(true);
    },
  );

  it('runs Postgres of the production major with a health check and a named volume', () => {
    const { postgres } = services;
    expect(postgres.image).toMatch(/^postgres:17(\.|-|$)/);
    expect(postgres.healthcheck?.test).toEqual(
      expect.arrayContaining([expect.stringContaining('pg_isready')]),
    );
    const [volume] = postgres.volumes ?? [];
    expect(Object.keys(compose.volumes ?? {})).toContain(volume.split(':')[0]);
  });

  it('runs the migrator once, after Postgres is healthy, and starts api only when it succeeded', () => {
    expect(services.migrator.restart).toBe('no');
    expect(services.migrator.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.api.depends_on?.migrator).toEqual({ condition: 'service_completed_successfully' });
  });

  it('points api and migrator at the compose Postgres without TLS', () => {
    for (const name of ['api', 'migrator']) {
      const env = services[name].environment ?? {};
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/\w+:[^@]+@postgres:5432\/iac_experiment$/);
      expect(env.DATABASE_SSL).toBe('off');
    }
  });

  it('runs the migrator as the owner and the api as the role the migrator maintains for it, as in production', () => {
    const migrator = services.migrator.environment ?? {};
    const api = services.api.environment ?? {};
    expect(new URL(String(migrator.DATABASE_URL)).username).toBe('postgres');
    expect(migrator.API_DATABASE_URL).toBe(api.DATABASE_URL);
    expect(new URL(String(api.DATABASE_URL)).username).toBe('iac_experiment_api');
    // A local-only default the developer may override, never a fixed password.
    expect(api.DATABASE_URL).toContain(':${API_DB_PASSWORD:-');
  });

  it.each([
    ['api', 3000],
    ['web', 3001],
  ])('health checks %s on the route and port its ALB target group probes', (name, port) => {
    const { http, image } = manifest(name);
    const healthcheck = http?.healthcheck;
    const path = typeof healthcheck === 'string' ? healthcheck : healthcheck?.path;
    expect(image?.port).toBe(port);
    expect(services[name].environment?.PORT).toBe(port);
    expect(services[name].healthcheck?.test).toContainEqual(
      expect.stringContaining(`fetch('http://127.0.0.1:${port}${path}')`),
    );
    // podman's Docker API splits CMD arguments on whitespace, so the script must not contain any.
    expect(services[name].healthcheck?.test).toEqual(['CMD', 'node', '-e', expect.stringMatching(/^\S+$/)]);
  });

  it('requires a Grafana admin password instead of defaulting to one', () => {
    expect(services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(
      /^\$\{GF_ADMIN_PASSWORD:\?.+\}$/,
    );
  });

  it('gives web the api URL that Service Connect gives it in production', () => {
    expect(services.web.environment?.API_URL).toBe(manifest('web').variables?.API_URL);
  });

  it('lets every long-running service restart by itself and reports health where it can', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'migrator') continue;
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
      if (name !== 'proxy') expect([name, service.healthcheck]).toEqual([name, expect.anything()]);
    }
  });

  it('mounts only configuration files that exist in the repository', () => {
    const binds = Object.values(services)
      .flatMap((service) => service.volumes ?? [])
      .filter((volume) => volume.startsWith('./'));
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      const [source, , mode] = bind.split(':');
      expect([source, existsSync(repoPath(source.slice(2)))]).toEqual([source, true]);
      expect([source, mode]).toEqual([source, 'ro']);
    }
  });

  it('has Prometheus scrape api and web on the metrics ports they are given', () => {
    const prometheus = parse(
      readFileSync(repoPath('monitoring', 'prometheus', 'prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((job) => [job.job_name, job.static_configs.flatMap((c) => c.targets)]),
    );
    expect(targets).toEqual({
      api: [`api:${services.api.environment?.METRICS_PORT}`],
      web: [`web:${services.web.environment?.METRICS_PORT}`],
      prometheus: ['localhost:9090'],
    });
  });
});
