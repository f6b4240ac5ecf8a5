import { dirname, join, relative } from 'node:path';
import { checkEnvironmentAddonParameters, mergeEnvironmentAddons } from './addon-rules.js';
import { type CfnSpec, loadCfnSpec, validateTemplateAgainstSpec } from './cfn-spec.js';
import { loadCopilotProject } from './copilot-project.js';
import { crossCheckWorkload } from './cross-checks.js';
import { addonExports, checkDatabaseSecurity } from './database-security.js';
import { findInterpolationIssues } from './interpolation.js';
import { validateAgainstSchema, WORKLOAD_TYPES, type WorkloadType } from './manifest-schema.js';
import { checkRuntimePatches } from './overrides.js';
import { findPlaintextSecrets } from './plaintext-secrets.js';
import type { Problem } from './problem.js';
import { checkRollbackAlarms } from './rollback-alarms.js';

export interface ValidateInfraOptions {
  /** Repository root: Dockerfiles and workload packages are resolved from here. */
  repoRoot: string;
  /** Defaults to `<repoRoot>/copilot`; tests point it at a mutated copy. */
  copilotDir?: string;
  /** The CloudFormation spec database, if already loaded. */
  spec?: CfnSpec;
}

export interface ValidateInfraReport {
  problems: Problem[];
  /** What was checked, for the summary line. */
  checkedFiles: string[];
}

/** Runs every check of the Copilot configuration and returns all problems found (empty: it would deploy). */
export async function validateInfra(options: ValidateInfraOptions): Promise<ValidateInfraReport> {
  const { repoRoot } = options;
  const copilotDir = options.copilotDir ?? join(repoRoot, 'copilot');
  const { project, problems } = loadCopilotProject(repoRoot, copilotDir);
  const schemaProblems = (file: string, messages: Array<{ at: string; message: string }>) => {
    for (const { at, message } of messages) problems.push({ file, at, message });
  };

  if (project.workspace)
    schemaProblems(project.workspace.file, validateAgainstSchema('workspace', project.workspace.data));
  const app = String((project.workspace?.data as { application?: unknown } | undefined)?.application ?? '');

  if (project.environments.length === 0) {
    problems.push({
      file: relative(dirname(copilotDir), join(copilotDir, 'environments')),
      message: 'no environment manifest',
    });
  }
  problems.push(...checkRuntimePatches(project.envPatches));
  for (const environment of project.environments) {
    const { file, data } = environment.manifest;
    schemaProblems(file, validateAgainstSchema('Environment', data));
    schemaProblems(file, findInterpolationIssues(data));
    if (data.name !== environment.dirName) {
      problems.push({ file, at: 'name', message: `must equal its directory name '${environment.dirName}'` });
    }
  }

  const addonsDir = relative(dirname(copilotDir), join(copilotDir, 'environments', 'addons'));
  const { merged, problems: mergeProblems } = mergeEnvironmentAddons(project.envAddons);
  problems.push(...mergeProblems);
  const addonFile = project.envAddons.length === 1 ? project.envAddons[0].file : addonsDir;
  const exportNames = new Set<string>();
  if (project.envAddons.length > 0) {
    const spec = options.spec ?? (await loadCfnSpec());
    for (const issue of validateTemplateAgainstSpec(spec, merged))
      problems.push({ file: addonFile, ...issue });
    problems.push(...checkEnvironmentAddonParameters(merged, project.envAddonParameters, addonsDir));
    const parameterValues =
      (project.envAddonParameters[0]?.data as { Parameters?: Record<string, unknown> } | undefined)
        ?.Parameters ?? {};
    for (const environment of project.environments) {
      const env = environment.dirName;
      problems.push(...checkDatabaseSecurity(merged, addonFile, parameterValues, app, env));
      for (const name of addonExports(merged, app, env).keys()) exportNames.add(name);
    }
  }

  for (const workload of project.workloads) {
    const { file, data } = workload.manifest;
    const type = data.type as WorkloadType;
    if (!WORKLOAD_TYPES.includes(type)) {
      problems.push({ file, at: 'type', message: `must be one of ${WORKLOAD_TYPES.join(', ')}` });
      continue;
    }
    schemaProblems(file, validateAgainstSchema(type, data));
    schemaProblems(file, findInterpolationIssues(data));
    problems.push(...checkRuntimePatches(workload.patches));
    for (const environment of project.environments) {
      problems.push(
        ...crossCheckWorkload(workload, project.workloads, exportNames, repoRoot, app, environment.dirName),
      );
      problems.push(...checkRollbackAlarms(workload, exportNames, app, environment.dirName));
    }
  }

  problems.push(...findPlaintextSecrets(project.allFiles));
  const located = problems.map((problem) =>
    problem.file === addonsDir
      ? { ...problem, file: addonFileDefining(project.envAddons, problem.at) ?? addonsDir }
      : problem,
  );
  return { problems: dedupe(located), checkedFiles: project.allFiles.map(({ file }) => file) };
}

/** The addon file that defines the `Section.LogicalId` a problem of the merged template points at, if one does. */
function addonFileDefining(
  addons: Array<{ file: string; data: unknown }>,
  at: string | undefined,
): string | undefined {
  const [section, id] = (at ?? '').split('.');
  if (!section || !id) return undefined;
  return addons.find((addon) => {
    const content = (addon.data as Record<string, unknown> | undefined)?.[section];
    return typeof content === 'object' && content !== null && id in content;
  })?.file;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.file}|${problem.at}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
