import { refsAvailableAt } from './references.js';
import { isObject, type TemplateFile } from './template.js';
import { allNodes } from './walk.js';

export interface RolloutProblem {
  path: string;
  message: string;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The release rule both strategies share: a node that rolls out a service (creates or updates a DeploymentService,
 * or releases a build to a service) may start only after a JobRun of the migration job has succeeded, in the
 * template itself and in every release flow it declares.
 */
export function checkRolloutOrder(template: TemplateFile, migrationJob: string): RolloutProblem[] {
  const problems: RolloutProblem[] = [];
  const nodes = allNodes(template.spec);
  const available = refsAvailableAt(template);
  const jobRefs = new Set(
    nodes
      .filter(
        ({ node }) => node.kind === 'ManualJob' && isObject(node.spec) && node.spec.name === migrationJob,
      )
      .flatMap(({ node }) => (node.ref ? [node.ref] : [])),
  );
  const runsMigration = (jobId: string | undefined) =>
    jobId === migrationJob || [...jobRefs].some((ref) => jobId?.includes(`refs.${ref}.`));
  const migrationRuns = nodes.filter(
    ({ node }) => node.kind === 'JobRun' && isObject(node.spec) && runsMigration(str(node.spec.jobId)),
  );
  for (const run of migrationRuns) {
    if (run.node.condition !== 'success') {
      problems.push({
        path: run.path,
        message: `${run.label} does not wait for the run to succeed (condition: "success")`,
      });
    }
    if (!run.node.ref)
      problems.push({
        path: run.path,
        message: `${run.label} has no ref, so nothing can be ordered after it`,
      });
  }
  const scopeOf = (path: string) => path.slice(0, path.lastIndexOf('.releaseFlow.') + 1);
  const rollouts = nodes.filter(
    ({ node }) =>
      node.kind === 'DeploymentService' ||
      (node.kind === 'Release' &&
        isObject(node.spec) &&
        isObject(node.spec.target) &&
        node.spec.target.type === 'service'),
  );
  for (const rollout of rollouts) {
    const before = available.get(rollout.path) ?? new Set<string>();
    const gate = migrationRuns.find(
      (run) =>
        scopeOf(run.path) === scopeOf(rollout.path) && run.node.ref !== undefined && before.has(run.node.ref),
    );
    if (!gate) {
      problems.push({
        path: rollout.path,
        message: `${rollout.label} can start before a run of the ${migrationJob} job has succeeded`,
      });
    }
  }
  return problems;
}
