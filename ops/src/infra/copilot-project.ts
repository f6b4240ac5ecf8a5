import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { parseCfnYaml } from './cfn-yaml.js';
import type { Problem } from './problem.js';

/** A YAML file of the Copilot workspace, parsed. `file` is relative to the repository root. */
export interface YamlFile<T = unknown> {
  file: string;
  text: string;
  data: T;
}

export type Manifest = Record<string, unknown>;

export interface Workload {
  /** The directory name under copilot/, which Copilot uses as the workload name. */
  dirName: string;
  manifest: YamlFile<Manifest>;
  patches?: YamlFile;
  addonFiles: string[];
}

export interface Environment {
  dirName: string;
  manifest: YamlFile<Manifest>;
}

/** Everything under copilot/ that Copilot v1.34 reads when deploying this application. */
export interface CopilotProject {
  repoRoot: string;
  copilotDir: string;
  workspace?: YamlFile;
  environments: Environment[];
  workloads: Workload[];
  envAddons: YamlFile[];
  envAddonParameters: YamlFile[];
  envPatches?: YamlFile;
  /** Every file under copilot/ with its text, for the plaintext-secret scan. */
  allFiles: Array<{ file: string; text: string }>;
}

const ADDON_PARAMETER_FILES = ['addons.parameters.yml', 'addons.parameters.yaml'];
const YAML_EXTENSIONS = ['.yml', '.yaml'];

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return files.flat().sort();
}

/**
 * Reads the workspace like Copilot does (internal/pkg/workspace/workspace.go): `.workspace`, one directory per
 * workload with `manifest.yml`, `environments/<env>/manifest.yml`, `environments/addons/*.yml` merged into one
 * nested stack, and `overrides/cfn.patches.yml` next to a manifest (or under environments/).
 * Unparseable YAML becomes a problem, not an exception.
 */
export async function loadCopilotProject(
  repoRoot: string,
  copilotDir = join(repoRoot, 'copilot'),
): Promise<{ project: CopilotProject; problems: Problem[] }> {
  const problems: Problem[] = [];
  // Paths are reported as `copilot/…`, wherever the directory is (tests validate mutated copies in a temp dir).
  const base = dirname(copilotDir);
  const rel = (path: string) => relative(base, path) || path;

  async function readYaml<T>(path: string, cfn = false): Promise<YamlFile<T> | undefined> {
    const text = await readFile(path, 'utf8');
    try {
      return {
        file: rel(path),
        text,
        data: (cfn ? parseCfnYaml(text) : parse(text, { uniqueKeys: true })) as T,
      };
    } catch (error) {
      problems.push({
        file: rel(path),
        message: `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      });
      return undefined;
    }
  }

  const project: CopilotProject = {
    repoRoot,
    copilotDir,
    environments: [],
    workloads: [],
    envAddons: [],
    envAddonParameters: [],
    allFiles: [],
  };
  if (!existsSync(copilotDir)) {
    problems.push({ file: rel(copilotDir), message: 'the Copilot workspace directory does not exist' });
    return { project, problems };
  }
  const files = await walk(copilotDir);
  project.allFiles = await Promise.all(
    files.map(async (path) => ({ file: rel(path), text: await readFile(path, 'utf8') })),
  );

  const workspacePath = join(copilotDir, '.workspace');
  if (existsSync(workspacePath)) project.workspace = await readYaml(workspacePath);
  else
    problems.push({ file: rel(workspacePath), message: 'missing: Copilot finds the application through it' });

  for (const entry of await readdir(copilotDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(copilotDir, entry.name);
    if (entry.name === 'environments') {
      await loadEnvironments(dir);
      continue;
    }
    const manifestPath = join(dir, 'manifest.yml');
    if (!existsSync(manifestPath)) {
      problems.push({ file: rel(dir), message: 'a workload directory without manifest.yml' });
      continue;
    }
    const manifest = await readYaml<Manifest>(manifestPath);
    if (!manifest) continue;
    const patchesPath = join(dir, 'overrides', 'cfn.patches.yml');
    const addonsDir = join(dir, 'addons');
    project.workloads.push({
      dirName: entry.name,
      manifest,
      patches: existsSync(patchesPath) ? await readYaml(patchesPath, true) : undefined,
      addonFiles: existsSync(addonsDir) ? (await walk(addonsDir)).map(rel) : [],
    });
  }
  project.workloads.sort((a, b) => a.dirName.localeCompare(b.dirName));

  async function loadEnvironments(environmentsDir: string): Promise<void> {
    for (const entry of await readdir(environmentsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(environmentsDir, entry.name);
      if (entry.name === 'addons') {
        for (const name of (await readdir(dir)).sort()) {
          if (!YAML_EXTENSIONS.some((extension) => name.endsWith(extension))) continue;
          const file = await readYaml(join(dir, name), true);
          if (!file) continue;
          (ADDON_PARAMETER_FILES.includes(name) ? project.envAddonParameters : project.envAddons).push(file);
        }
        continue;
      }
      if (entry.name === 'overrides') {
        const patchesPath = join(dir, 'cfn.patches.yml');
        if (existsSync(patchesPath)) project.envPatches = await readYaml(patchesPath, true);
        continue;
      }
      const manifestPath = join(dir, 'manifest.yml');
      if (!existsSync(manifestPath)) {
        problems.push({ file: rel(dir), message: 'an environment directory without manifest.yml' });
        continue;
      }
      const manifest = await readYaml<Manifest>(manifestPath);
      if (manifest) project.environments.push({ dirName: entry.name, manifest });
    }
    project.environments.sort((a, b) => a.dirName.localeCompare(b.dirName));
  }

  return { project, problems };
}
