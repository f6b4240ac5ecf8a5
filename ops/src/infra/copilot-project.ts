import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { parseCfnYaml } from './cfn-yaml.js';
import type { EnvironmentManifest, WorkloadManifest } from './manifest-types.js';
import type { Problem } from './problem.js';

/** A YAML file of the Copilot workspace, parsed. `file` is relative to the repository root. */
export interface YamlFile<T = unknown> {
  file: string;
  text: string;
  data: T;
}

export interface Workload {
  /** The directory name under copilot/, which Copilot uses as the workload name. */
  dirName: string;
  manifest: YamlFile<WorkloadManifest>;
  patches?: YamlFile;
  addonFiles: string[];
}

export interface Environment {
  dirName: string;
  manifest: YamlFile<EnvironmentManifest>;
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

const NOT_YAML = 'not valid YAML';

/** The problems of files that did not parse (the ones a reader that needs the data cannot go on without). */
export function parseFailures(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.message.startsWith(NOT_YAML));
}

const ADDON_PARAMETER_FILES = ['addons.parameters.yml', 'addons.parameters.yaml'];
const YAML_EXTENSIONS = ['.yml', '.yaml'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/**
 * Reads the workspace like Copilot does (internal/pkg/workspace/workspace.go): `.workspace`, one directory per
 * workload with `manifest.yml`, `environments/<env>/manifest.yml`, `environments/addons/*.yml` merged into one
 * nested stack, and `overrides/cfn.patches.yml` next to a manifest (or under environments/).
 * Unparseable YAML becomes a problem, not an exception. The one reader of copilot/: ops's checks, the dev stack's
 * router and the Northflank parity and cost model all start from its result (exported as
 * `@iac-experiment/ops/copilot`). Manifests come back as parsed, not yet checked against manifest-schema.ts.
 */
export function loadCopilotProject(
  repoRoot: string,
  copilotDir = join(repoRoot, 'copilot'),
): { project: CopilotProject; problems: Problem[] } {
  const problems: Problem[] = [];
  // Paths are reported as `copilot/…`, wherever the directory is (tests validate mutated copies in a temp dir).
  const base = dirname(copilotDir);
  const rel = (path: string) => relative(base, path) || path;

  function readYaml<T>(path: string, cfn = false): YamlFile<T> | undefined {
    const text = readFileSync(path, 'utf8');
    try {
      return {
        file: rel(path),
        text,
        data: (cfn ? parseCfnYaml(text) : parse(text, { uniqueKeys: true })) as T,
      };
    } catch (error) {
      problems.push({
        file: rel(path),
        message: `${NOT_YAML}: ${(error as Error).message.split('\n')[0]}`,
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
  project.allFiles = walk(copilotDir).map((path) => ({ file: rel(path), text: readFileSync(path, 'utf8') }));

  const workspacePath = join(copilotDir, '.workspace');
  if (existsSync(workspacePath)) project.workspace = readYaml(workspacePath);
  else
    problems.push({ file: rel(workspacePath), message: 'missing: Copilot finds the application through it' });

  for (const entry of readdirSync(copilotDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(copilotDir, entry.name);
    if (entry.name === 'environments') {
      loadEnvironments(dir);
      continue;
    }
    const manifestPath = join(dir, 'manifest.yml');
    if (!existsSync(manifestPath)) {
      problems.push({ file: rel(dir), message: 'a workload directory without manifest.yml' });
      continue;
    }
    const manifest = readYaml<WorkloadManifest>(manifestPath);
    if (!manifest) continue;
    const patchesPath = join(dir, 'overrides', 'cfn.patches.yml');
    const addonsDir = join(dir, 'addons');
    project.workloads.push({
      dirName: entry.name,
      manifest,
      patches: existsSync(patchesPath) ? readYaml(patchesPath, true) : undefined,
      addonFiles: existsSync(addonsDir) ? walk(addonsDir).map(rel) : [],
    });
  }
  project.workloads.sort((a, b) => a.dirName.localeCompare(b.dirName));

  function loadEnvironments(environmentsDir: string): void {
    for (const entry of readdirSync(environmentsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(environmentsDir, entry.name);
      if (entry.name === 'addons') {
        for (const name of readdirSync(dir).sort()) {
          if (!YAML_EXTENSIONS.some((extension) => name.endsWith(extension))) continue;
          const file = readYaml(join(dir, name), true);
          if (!file) continue;
          (ADDON_PARAMETER_FILES.includes(name) ? project.envAddonParameters : project.envAddons).push(file);
        }
        continue;
      }
      if (entry.name === 'overrides') {
        const patchesPath = join(dir, 'cfn.patches.yml');
        if (existsSync(patchesPath)) project.envPatches = readYaml(patchesPath, true);
        continue;
      }
      const manifestPath = join(dir, 'manifest.yml');
      if (!existsSync(manifestPath)) {
        problems.push({ file: rel(dir), message: 'an environment directory without manifest.yml' });
        continue;
      }
      const manifest = readYaml<EnvironmentManifest>(manifestPath);
      if (manifest) project.environments.push({ dirName: entry.name, manifest });
    }
    project.environments.sort((a, b) => a.dirName.localeCompare(b.dirName));
  }

  return { project, problems };
}
