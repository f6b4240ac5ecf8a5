import { dirname } from 'node:path';
import {
  formatProblem,
  loadCopilotProject,
  parseFailures,
  type WorkloadManifest,
} from '@iac-experiment/ops/copilot';

/** One ALB listener rule as Copilot creates it for a Load Balanced Web Service. */
export interface AlbRoute {
  service: string;
  /** ALB path patterns: `*` matches any run of characters (slashes included), `?` exactly one. */
  pathPatterns: string[];
  isRoot: boolean;
}

/** A workload manifest as the Copilot reader returns it, named after its directory when it names no one. */
export type NamedManifest = Pick<WorkloadManifest, 'type' | 'http'> & { name: string };

const LOAD_BALANCED_WEB_SERVICE = 'Load Balanced Web Service';

/**
 * Copilot's listener rule for `http.path` (templates/workloads/partials/cf/http-listener.yml):
 * `'/'` becomes `/*`; any other path `p` becomes `/p` and `/p/*`. The prefix is forwarded unmodified.
 */
export function pathPatternsFor(httpPath: string): { pathPatterns: string[]; isRoot: boolean } {
  const rulePath = httpPath.trim().replace(/^\/+/, '');
  if (rulePath === '') return { pathPatterns: ['/*'], isRoot: true };
  if (rulePath.endsWith('/')) throw new Error(`http.path '${httpPath}' must not end with '/'`);
  return { pathPatterns: [`/${rulePath}`, `/${rulePath}/*`], isRoot: false };
}

/**
 * Orders rules the way Copilot's rule-priority generator does in effect: every non-root rule before the root
 * rule (the root one gets a priority in 48000–50000). Non-root rules are ordered most specific first.
 */
export function deriveRoutes(manifests: NamedManifest[]): AlbRoute[] {
  const routes: AlbRoute[] = [];
  for (const manifest of manifests) {
    if (manifest.type !== LOAD_BALANCED_WEB_SERVICE || !manifest.http) continue;
    const { path } = manifest.http;
    if (typeof path !== 'string') {
      throw new Error(`copilot/${manifest.name}/manifest.yml: http.path is required and must be a string`);
    }
    routes.push({ service: manifest.name, ...pathPatternsFor(path) });
  }
  assertNoConflicts(routes);
  return routes.sort(
    (a, b) =>
      Number(a.isRoot) - Number(b.isRoot) ||
      b.pathPatterns[0].length - a.pathPatterns[0].length ||
      a.service.localeCompare(b.service),
  );
}

function assertNoConflicts(routes: AlbRoute[]): void {
  const owners = new Map<string, string>();
  for (const route of routes) {
    for (const pattern of route.pathPatterns) {
      const owner = owners.get(pattern);
      if (owner) throw new Error(`services '${owner}' and '${route.service}' both claim ${pattern}`);
      owners.set(pattern, route.service);
    }
  }
}

/** ALB path-pattern semantics: case-sensitive, matched against the path only (no query string). */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(path);
}

/** The service whose rule matches first, or undefined (the ALB's default action: a fixed 404). */
export function matchRoute(routes: AlbRoute[], url: string): AlbRoute | undefined {
  const path = url.split('?', 1)[0];
  return routes.find((route) => route.pathPatterns.some((pattern) => matchesPathPattern(pattern, path)));
}

/** Reads every `copilot/<workload>/manifest.yml` (environments excluded) and derives the ALB's rules. */
export async function loadRoutesFromManifests(copilotDir: string): Promise<AlbRoute[]> {
  const { project, problems } = loadCopilotProject(dirname(copilotDir), copilotDir);
  const unreadable = parseFailures(problems);
  if (unreadable.length > 0) throw new Error(unreadable.map(formatProblem).join('\n'));
  const routes = deriveRoutes(
    project.workloads.map(({ dirName, manifest: { data } }) => ({
      ...data,
      name: String(data?.name ?? dirName),
    })),
  );
  if (routes.length === 0) throw new Error(`no Load Balanced Web Service with http.path in ${copilotDir}`);
  return routes;
}

/** One line per rule, in evaluation order, e.g. `/api, /api/*  →  api`. */
export function describeRoutes(routes: AlbRoute[]): string[] {
  const width = Math.max(...routes.map((route) => route.pathPatterns.join(', ').length));
  return routes.map((route) => `${route.pathPatterns.join(', ').padEnd(width)}  →  ${route.service}`);
}
