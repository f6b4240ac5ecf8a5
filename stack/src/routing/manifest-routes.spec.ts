import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../config.js';
import {
  type AlbRoute,
  deriveRoutes,
  describeRoutes,
  loadRoutesFromManifests,
  matchesPathPattern,
  matchRoute,
  pathPatternsFor,
} from './manifest-routes.js';

const lbws = (name: string, path: unknown) => ({ name, type: 'Load Balanced Web Service', http: { path } });

describe('pathPatternsFor (Copilot http.path → ALB path patterns)', () => {
  it("turns '/' into the catch-all /*", () => {
    expect(pathPatternsFor('/')).toEqual({ pathPatterns: ['/*'], isRoot: true });
  });

  it("turns 'api' into /api and /api/*, with or without a leading slash", () => {
    const expected = { pathPatterns: ['/api', '/api/*'], isRoot: false };
    expect(pathPatternsFor('api')).toEqual(expected);
    expect(pathPatternsFor('/api')).toEqual(expected);
  });

  it('rejects a trailing slash, which would never match /api itself', () => {
    expect(() => pathPatternsFor('api/')).toThrow(/must not end with/);
  });
});

describe('matchesPathPattern (ALB semantics)', () => {
  it.each([
    ['/*', '/', true],
    ['/*', '/anything/deep?', true],
    ['/api', '/api', true],
    ['/api', '/api/', false],
    ['/api/*', '/api/', true],
    ['/api/*', '/api/messages/1', true],
    ['/api/*', '/apix', false],
    ['/api', '/API', false],
    ['/a?c', '/abc', true],
    ['/a?c', '/ac', false],
    ['/v1.0', '/v1x0', false],
  ])('%s against %s → %s', (pattern, path, expected) => {
    expect(matchesPathPattern(pattern, path)).toBe(expected);
  });
});

describe('deriveRoutes + matchRoute', () => {
  // web listed first on purpose: evaluation order must not depend on the order manifests are read in.
  const routes = deriveRoutes([lbws('web', '/'), lbws('api', 'api')]);
  const serviceFor = (url: string) => matchRoute(routes, url)?.service;

  it('puts non-root rules first and the root rule last', () => {
    expect(routes.map((route) => route.service)).toEqual(['api', 'web']);
  });

  it.each([
    ['/api', 'api'],
    ['/api/', 'api'],
    ['/api/health', 'api'],
    ['/api/messages?limit=5&cursor=abc', 'api'],
    ['/api?x=1', 'api'],
    ['/apix', 'web'],
    ['/apis/x', 'web'],
    ['/Api/health', 'web'],
    ['/', 'web'],
    ['/messages/1/delete', 'web'],
    ['/health', 'web'],
    ['/?next=/api/x', 'web'],
  ])('%s → %s', (url, service) => {
    expect(serviceFor(url)).toBe(service);
  });

  it('orders more specific non-root paths first', () => {
    const nested = deriveRoutes([lbws('web', '/'), lbws('api', 'api'), lbws('admin', 'api/admin')]);
    expect(nested.map((route) => route.service)).toEqual(['admin', 'api', 'web']);
    expect(matchRoute(nested, '/api/admin/x')?.service).toBe('admin');
    expect(matchRoute(nested, '/api/adminx')?.service).toBe('api');
  });

  it('leaves a path no rule matches unrouted (the ALB default action)', () => {
    const apiOnly = deriveRoutes([lbws('api', 'api')]);
    expect(matchRoute(apiOnly, '/')).toBeUndefined();
  });

  it('ignores jobs, services without http, and non-ALB services', () => {
    const derived = deriveRoutes([
      lbws('web', '/'),
      { name: 'migrator', type: 'Scheduled Job' },
      { name: 'worker', type: 'Backend Service', http: { path: 'internal' } },
      { name: 'nlb', type: 'Load Balanced Web Service', http: false },
    ]);
    expect(derived.map((route: AlbRoute) => route.service)).toEqual(['web']);
  });

  it('rejects a Load Balanced Web Service without http.path, and two services claiming one path', () => {
    expect(() => deriveRoutes([{ name: 'api', type: 'Load Balanced Web Service', http: {} }])).toThrow(
      /http.path is required/,
    );
    expect(() => deriveRoutes([lbws('web', '/'), lbws('web2', '')])).toThrow(/both claim \/\*/);
  });

  it('describes the table in evaluation order', () => {
    expect(describeRoutes(routes)).toEqual(['/api, /api/*  →  api', '/*            →  web']);
  });
});

describe('loadRoutesFromManifests', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stack-manifests-'));
    const files: Record<string, string> = {
      'web/manifest.yml': "name: web\ntype: Load Balanced Web Service\nhttp:\n  path: '/'\n",
      'api/manifest.yml':
        "name: api\ntype: Load Balanced Web Service\nhttp:\n  path: 'api'\n  healthcheck: /api/health\n",
      'migrator/manifest.yml': "name: migrator\ntype: Scheduled Job\non:\n  schedule: 'none'\n",
      'environments/production/manifest.yml': 'name: production\ntype: Environment\n',
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    await mkdir(join(dir, 'no-manifest-here'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('parses every workload manifest with yaml and derives the rules', async () => {
    const routes = await loadRoutesFromManifests(dir);
    expect(routes).toEqual([
      { service: 'api', pathPatterns: ['/api', '/api/*'], isRoot: false },
      { service: 'web', pathPatterns: ['/*'], isRoot: true },
    ]);
  });

  it('fails when no manifest defines an ALB route', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'stack-manifests-empty-'));
    await expect(loadRoutesFromManifests(empty)).rejects.toThrow(/no Load Balanced Web Service/);
    await rm(empty, { recursive: true });
  });

  it("reads the repository's own copilot/ manifests: /api and /api/* → api, everything else → web", async () => {
    const routes = await loadRoutesFromManifests(join(REPO_ROOT, 'copilot'));
    expect(routes.map(({ service, pathPatterns }) => ({ service, pathPatterns }))).toEqual([
      { service: 'api', pathPatterns: ['/api', '/api/*'] },
      { service: 'web', pathPatterns: ['/*'] },
    ]);
  });
});
