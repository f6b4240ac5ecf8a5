import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../config.js';
import { buildStale } from './build-stale.js';
import { buildOrder, readWorkspaces, sourceFingerprint, type Workspace } from './workspace-builds.js';

const ws = (name: string, runtimeDeps: string[] = []): [string, Workspace] => [
  name,
  { name, dir: `/repo/${name}`, runtimeDeps },
];

describe('buildOrder', () => {
  const workspaces = new Map([
    ws('platform'),
    ws('migrator'),
    ws('api', ['migrator', 'platform']),
    ws('web', ['platform']),
    ws('ops'),
  ]);

  it('builds the roots and what the watched services import, dependencies first, never the watched ones', () => {
    expect(buildOrder(workspaces, ['migrator'], ['api', 'web']).map((w) => w.name)).toEqual([
      'migrator',
      'platform',
    ]);
  });

  it('follows dependencies transitively', () => {
    const chain = new Map([ws('a', ['b']), ws('b', ['c']), ws('c'), ws('svc', ['a'])]);
    expect(buildOrder(chain, [], ['svc']).map((w) => w.name)).toEqual(['c', 'b', 'a']);
  });

  it('names an unknown workspace', () => {
    expect(() => buildOrder(workspaces, ['nope'], [])).toThrow('unknown workspace nope');
  });
});

describe('readWorkspaces', () => {
  it("reads the monorepo's workspaces and their workspace: runtime dependencies", async () => {
    const workspaces = await readWorkspaces(REPO_ROOT);
    expect(workspaces.get('@iac-experiment/migrator')?.dir).toBe(join(REPO_ROOT, 'migrator'));
    expect(workspaces.get('@iac-experiment/web')?.runtimeDeps).toContain('@iac-experiment/platform');
    // devDependencies (web's tests use the api) are not run-time needs.
    expect(workspaces.get('@iac-experiment/web')?.runtimeDeps).not.toContain('@iac-experiment/api');
  });
});

describe('buildStale + sourceFingerprint', () => {
  let dir: string;
  let stampFile: string;
  let workspace: Workspace;
  const builds: string[] = [];
  const build = async (target: Workspace) => {
    builds.push(target.name);
    await mkdir(join(target.dir, 'dist'), { recursive: true });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stack-builds-'));
    stampFile = join(dir, 'state', 'dev-builds.json');
    workspace = { name: 'lib', dir: join(dir, 'lib'), runtimeDeps: [] };
    await mkdir(join(workspace.dir, 'src', 'nested'), { recursive: true });
    await writeFile(join(workspace.dir, 'package.json'), '{"name":"lib"}');
    await writeFile(join(workspace.dir, 'src', 'nested', 'a.ts'), 'export const a = 1;');
    builds.length = 0;
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('builds once, then skips while nothing changed', async () => {
    expect(await buildStale([workspace], stampFile, build)).toEqual({ built: ['lib'], upToDate: [] });
    expect(await buildStale([workspace], stampFile, build)).toEqual({ built: [], upToDate: ['lib'] });
    expect(builds).toEqual(['lib']);
  });

  it('rebuilds after a source file changes, is added, or dist/ disappears', async () => {
    await buildStale([workspace], stampFile, build);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(workspace.dir, 'src', 'nested', 'a.ts'), later, later);
    await buildStale([workspace], stampFile, build);
    await writeFile(join(workspace.dir, 'src', 'b.ts'), 'export const b = 2;');
    await buildStale([workspace], stampFile, build);
    await rm(join(workspace.dir, 'dist'), { recursive: true });
    await buildStale([workspace], stampFile, build);
    expect(builds).toEqual(['lib', 'lib', 'lib', 'lib']);
  });

  it('records nothing for a failed build, so the next run tries again', async () => {
    const failing = async () => {
      throw new Error('tsc failed');
    };
    await expect(buildStale([workspace], stampFile, failing)).rejects.toThrow('tsc failed');
    expect((await buildStale([workspace], stampFile, build)).built).toEqual(['lib']);
  });

  it('builds independent workspaces concurrently and a dependent one only after its dependencies', async () => {
    const make = async (name: string, runtimeDeps: string[] = []): Promise<Workspace> => {
      const target = { name, dir: join(dir, name), runtimeDeps };
      await mkdir(join(target.dir, 'src'), { recursive: true });
      return target;
    };
    const order = [await make('a'), await make('b'), await make('c', ['a'])];
    const events: string[] = [];
    const slowBuild = async (target: Workspace) => {
      events.push(`start ${target.name}`);
      await new Promise((resolve) => setTimeout(resolve, target.name === 'a' ? 200 : 20));
      await build(target);
      events.push(`end ${target.name}`);
    };
    await buildStale(order, stampFile, slowBuild);
    expect(events.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(events.indexOf('start c')).toBeGreaterThan(events.indexOf('end a'));
  });

  it('fingerprints differ when a tsconfig changes', async () => {
    const before = await sourceFingerprint(workspace.dir);
    await writeFile(join(workspace.dir, 'tsconfig.build.json'), '{}');
    expect(await sourceFingerprint(workspace.dir)).not.toBe(before);
  });
});
