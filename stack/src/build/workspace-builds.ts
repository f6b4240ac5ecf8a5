import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Workspace {
  name: string;
  dir: string;
  /** Names of the workspaces it needs at run time (`dependencies` with a `workspace:` range). */
  runtimeDeps: string[];
}

interface PackageJson {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** The monorepo's workspaces, keyed by package name. */
export async function readWorkspaces(repoRoot: string): Promise<Map<string, Workspace>> {
  const root = await readPackageJson(repoRoot);
  const workspaces = new Map<string, Workspace>();
  for (const folder of root.workspaces ?? []) {
    const dir = join(repoRoot, folder);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = await readPackageJson(dir);
    if (!pkg.name) continue;
    const runtimeDeps = Object.entries(pkg.dependencies ?? {})
      .filter(([, range]) => range.startsWith('workspace:'))
      .map(([name]) => name);
    workspaces.set(pkg.name, { name: pkg.name, dir, runtimeDeps });
  }
  return workspaces;
}

/**
 * What must be compiled before the stack can run: the `roots` themselves plus every workspace the `watched`
 * ones import at run time (they resolve each other to `dist/`), excluding the watched ones (`nest start
 * --watch` compiles those). Dependencies come before their dependents.
 */
export function buildOrder(
  workspaces: Map<string, Workspace>,
  roots: string[],
  watched: string[],
): Workspace[] {
  const ordered: Workspace[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (ordered.some((workspace) => workspace.name === name) || visiting.has(name)) return;
    const workspace = workspaces.get(name);
    if (!workspace) throw new Error(`unknown workspace ${name}`);
    visiting.add(name);
    for (const dep of workspace.runtimeDeps) visit(dep);
    visiting.delete(name);
    ordered.push(workspace);
  };
  for (const name of [...roots, ...watched]) visit(name);
  return ordered.filter((workspace) => !watched.includes(workspace.name));
}

const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * A fingerprint of what a workspace's build reads (its src/ tree, package.json and tsconfig files: paths,
 * sizes and modification times). Equal fingerprints and an existing dist/ mean the last build is current.
 */
export async function sourceFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = [...SOURCE_FILES, ...(await listFiles(join(dir, 'src'), 'src'))].sort();
  for (const file of files) {
    const info = await stat(join(dir, file)).catch(() => undefined);
    if (info) hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

async function listFiles(dir: string, relative: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? listFiles(join(dir, entry.name), join(relative, entry.name))
        : Promise.resolve([join(relative, entry.name)]),
    ),
  );
  return nested.flat();
}
