import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Root files every image build reads (Yarn and TypeScript config), whatever .dockerignore says. */
export const ALWAYS_SHARED = [
  'package.json',
  'yarn.lock',
  '.yarnrc.yml',
  '.yarn/',
  'tsconfig.base.json',
  '.dockerignore',
];
/**
 * The pinned Copilot release: a new one renders new templates for the environment and every workload, so its
 * bump redeploys them all. Every bump replaces the release's hash file here (a deploy-workflow test checks it).
 */
export const COPILOT_RELEASE_INPUTS = ['.github/aws-copilot-cli/'];
export const ENVIRONMENT_INPUTS = ['copilot/environments/', ...COPILOT_RELEASE_INPUTS];

interface PackageJson {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
}

async function readPackageJson(file: string): Promise<PackageJson> {
  return JSON.parse(await readFile(file, 'utf8')) as PackageJson;
}

/**
 * The repository paths whose change means a workload's image or manifest changed: its own folder and
 * Copilot folder, the folders of the workspaces it depends on at runtime (transitively, read from the
 * package.json files), the pinned Copilot release, the root files the image build reads (.dockerignore's
 * allow-list plus Yarn's files).
 */
export async function workloadInputs(repoRoot: string, workload: string): Promise<string[]> {
  const workspaceDirs = await readWorkspaceDirs(repoRoot);
  const byName = new Map<string, { dir: string; manifest: PackageJson }>();
  for (const dir of workspaceDirs) {
    const manifest = await readPackageJson(path.join(repoRoot, dir, 'package.json'));
    if (manifest.name) byName.set(manifest.name, { dir, manifest });
  }
  const own = [...byName.values()].find((workspace) => workspace.dir === workload);
  if (!own) throw new Error(`No workspace folder "${workload}" in ${path.join(repoRoot, 'package.json')}`);

  const dirs = new Set<string>([own.dir]);
  const pending = [own.manifest];
  while (pending.length > 0) {
    const manifest = pending.pop() as PackageJson;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const workspace = byName.get(dependency);
      if (workspace && !dirs.has(workspace.dir)) {
        dirs.add(workspace.dir);
        pending.push(workspace.manifest);
      }
    }
  }
  const sharedFromDockerignore = (await dockerContextAllowList(repoRoot)).filter(
    (entry) => !workspaceDirs.includes(entry.replace(/\/$/, '')),
  );
  return [
    ...[...dirs].map((dir) => `${dir}/`),
    `copilot/${workload}/`,
    ...COPILOT_RELEASE_INPUTS,
    ...new Set([...ALWAYS_SHARED, ...sharedFromDockerignore]),
  ];
}

async function readWorkspaceDirs(repoRoot: string): Promise<string[]> {
  const { workspaces } = await readPackageJson(path.join(repoRoot, 'package.json'));
  const patterns = Array.isArray(workspaces) ? workspaces : (workspaces?.packages ?? []);
  if (patterns.some((pattern) => /[*?[{]/.test(pattern))) {
    throw new Error(
      'Workspace globs are not supported by change detection; list workspace folders explicitly.',
    );
  }
  return patterns.map((pattern) => pattern.replace(/^\.\//, '').replace(/\/$/, ''));
}

/** The `!path` re-inclusions of an allow-list .dockerignore, i.e. what the build context may contain. */
async function dockerContextAllowList(repoRoot: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path.join(repoRoot, '.dockerignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/^\//, ''))
    .map((entry) => entry.split(/[*?[]/)[0] as string)
    .filter((entry) => entry.length > 0);
}

/**
 * Whether a changed file is an input. Markdown never is: documentation beside a workload (its README) is kept out of
 * the images by .dockerignore and out of the templates Copilot renders, so editing it deploys nothing.
 */
export function touches(file: string, inputs: string[]): boolean {
  if (file.toLowerCase().endsWith('.md')) return false;
  return inputs.some((input) => {
    const prefix = input.replace(/\/$/, '');
    return file === prefix || file.startsWith(`${prefix}/`);
  });
}
