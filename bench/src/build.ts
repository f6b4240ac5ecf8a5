import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);

interface Build {
  workspace: string;
  dir: string;
  /** A file the build writes; older than any source means stale. */
  output: string;
  /** Run from a snapshot, with these folders besides dist/ and package.json (see snapshotBuilds). */
  snapshot?: string[];
}

/** What the bench runs with `node`, dependencies first: the api and web production builds, and the floor. */
const BUILDS: Build[] = [
  { workspace: '@iac-experiment/platform', dir: 'platform', output: 'dist/index.js', snapshot: [] },
  { workspace: '@iac-experiment/db', dir: 'db', output: 'dist/index.js', snapshot: [] },
  { workspace: '@iac-experiment/api', dir: 'api', output: 'dist/main.bundle.js', snapshot: [] },
  {
    workspace: '@iac-experiment/web',
    dir: 'web',
    output: 'dist/main.bundle.js',
    snapshot: ['views', 'public'],
  },
  { workspace: '@iac-experiment/bench', dir: 'bench', output: 'dist/floor/main.js' },
];

const SNAPSHOT_ATTEMPTS = 3;

/** Runs each workspace's own `build` script (production build) when forced or when its sources are newer. */
export async function buildServers(
  mode: 'auto' | 'always' | 'never',
  log: (line: string) => void,
  only?: string[],
): Promise<void> {
  if (mode === 'never') return;
  for (const build of BUILDS) {
    if (only && !only.includes(build.workspace)) continue;
    if (mode === 'always' || (await isStale(build))) await runBuild(build, log);
  }
}

/**
 * Copies the builds the servers run (dist/, package.json, web's views and assets) into `target`, with
 * node_modules links so that they import each other's copies; third-party packages still resolve to the
 * repository's node_modules (`target` must be inside the repository). A rebuild in the working tree (a watch
 * mode, another test run) then cannot change or delete what is measured in the middle of a run. A build that
 * vanishes while being copied (a build may empty dist/ first) is rebuilt and copied again.
 */
export async function snapshotBuilds(target: string, log: (line: string) => void): Promise<string> {
  await rm(target, { recursive: true, force: true });
  for (const build of BUILDS) {
    if (!build.snapshot) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await copyBuild(build, join(target, build.dir));
        break;
      } catch (error) {
        if (attempt === SNAPSHOT_ATTEMPTS) throw error;
        log(`${build.dir}/dist changed while being copied (rebuilt elsewhere?): building it again`);
        await runBuild(build, log);
      }
    }
    const [scope, name] = build.workspace.split('/') as [string, string];
    await mkdir(join(target, 'node_modules', scope), { recursive: true });
    await symlink(join('..', '..', build.dir), join(target, 'node_modules', scope, name));
  }
  return target;
}

async function copyBuild(build: Build, to: string): Promise<void> {
  const from = join(REPO_ROOT, build.dir);
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  for (const entry of ['package.json', 'dist', ...(build.snapshot ?? [])]) {
    await cp(join(from, entry), join(to, entry), { recursive: true });
  }
  await stat(join(to, build.output));
}

async function runBuild(build: Build, log: (line: string) => void): Promise<void> {
  log(`building ${build.workspace}…`);
  try {
    await run('yarn', ['workspace', build.workspace, 'run', 'build'], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`build of ${build.workspace} failed:\n${stdout}${stderr}`);
  }
}

async function isStale(build: Build): Promise<boolean> {
  const dir = join(REPO_ROOT, build.dir);
  const built = await stat(join(dir, build.output)).catch(() => undefined);
  if (!built) return true;
  return (await newestSourceMtime(join(dir, 'src'))) > built.mtimeMs;
}

async function newestSourceMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceMtime(path));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}
