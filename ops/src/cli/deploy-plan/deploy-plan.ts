import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { latestJobExecution } from '../job/latest-execution.js';
import { deployedCommit } from './deployed-commit.js';
import type { GitRepository } from './git-repository.js';
import { ENVIRONMENT_INPUTS, touches, workloadInputs } from './workload-inputs.js';

/** Deployed in this order, one at a time: a failed migration stops api and web from deploying. */
export const WORKLOADS = ['migrator', 'api', 'web'] as const;
export type Workload = (typeof WORKLOADS)[number];

export const TARGETS = ['changed', 'all', 'environment', 'migrations', 'migrator', 'api', 'web'] as const;
export type Target = (typeof TARGETS)[number];

export interface Decision {
  deploy: boolean;
  reason: string;
}

export type PlanStep = 'environment' | Workload | 'migrate';
export type DeployPlan = Record<PlanStep, Decision>;
export const PLAN_STEPS: PlanStep[] = ['environment', 'migrator', 'migrate', 'api', 'web'];

export interface PlanOptions {
  app: string;
  env: string;
  head: string;
  target: Target;
}

export interface PlanDeps {
  cloudFormation: CloudFormationClient;
  stepFunctions: SFNClient;
  git: GitRepository;
}

const skip = (reason: string): Decision => ({ deploy: false, reason });
const go = (reason: string): Decision => ({ deploy: true, reason });

/**
 * What a deploy run does. For pushes (`changed`) each workload is compared with the commit it runs now, not
 * with the previous push: a failed or superseded deploy is therefore retried by the next one, and a push of
 * several commits is seen whole. By hand (workflow_dispatch) one target is forced. Either way the migration
 * runs again unless its latest run succeeded, so api and web never deploy past a failed one.
 */
export async function planDeploy(options: PlanOptions, deps: PlanDeps): Promise<DeployPlan> {
  if (options.target !== 'changed') return forcedPlan(options, deps);

  const plan = {} as DeployPlan;
  const firstDeploys = new Set<Workload>();
  const environmentReasons: string[] = [];
  const diffs = new Map<string, Promise<string[]>>();
  const changedSince = (base: string) => {
    if (!diffs.has(base)) diffs.set(base, deps.git.changedFiles(base, options.head));
    return diffs.get(base) as Promise<string[]>;
  };
  for (const workload of WORKLOADS) {
    const base = await deployedCommit(deps.cloudFormation, options.app, options.env, workload);
    if (!base) {
      plan[workload] = go('no deployed commit found (stack missing or image not tagged with a commit)');
      firstDeploys.add(workload);
      environmentReasons.push(`${workload} has no known deployed commit`);
      continue;
    }
    if (!(await deps.git.commitExists(base))) {
      plan[workload] = go(`deployed commit ${base} is not in this repository's history`);
      environmentReasons.push(`${workload}'s deployed commit is unknown`);
      continue;
    }
    // CI runs can finish out of order: never let an older commit's deploy replace a newer one.
    if (!options.head.startsWith(base) && (await deps.git.isAncestor(options.head, base))) {
      plan[workload] = skip(
        `already runs ${base.slice(0, 7)}, which is newer than ${options.head.slice(0, 7)}`,
      );
      continue;
    }
    const changed = await changedSince(base);
    const inputs = await workloadInputs(deps.git.root, workload);
    plan[workload] = describeChanges(
      changed.filter((file) => touches(file, inputs)),
      base,
    );
    const environmentChanges = changed.filter((file) => touches(file, ENVIRONMENT_INPUTS));
    if (environmentChanges.length > 0)
      environmentReasons.push(describeChanges(environmentChanges, base).reason);
  }
  plan.environment = environmentReasons.length > 0 ? go(environmentReasons[0] as string) : skip('unchanged');
  // `copilot job deploy` succeeds before the migration runs: after a failed run the migrator already carries the
  // new image, so "unchanged" does not mean "applied".
  plan.migrate = plan.migrator.deploy
    ? go('the migrator is being deployed')
    : await latestMigrationDecision(options, deps);
  return orderPlan(redeployWebAfterNewApi(plan, firstDeploys.has('api')));
}

/**
 * Tasks resolve Service Connect endpoints when they start: web's running tasks cannot reach an api service that was
 * (re)created after them. So creating api (no previous deployment) redeploys web after it.
 */
function redeployWebAfterNewApi(plan: DeployPlan, apiIsNew: boolean): DeployPlan {
  if (!plan.api.deploy || !apiIsNew || plan.web.deploy) return plan;
  return {
    ...plan,
    web: go("api is being created: web's tasks must restart to resolve its new Service Connect endpoint"),
  };
}

/**
 * Anything but SUCCEEDED runs the migration again. Even RUNNING: the new run waits for the migrator's advisory
 * lock, and its own outcome is the one `wait-job` reports.
 */
async function latestMigrationDecision(options: PlanOptions, deps: PlanDeps): Promise<Decision> {
  const latest = await latestJobExecution(deps.cloudFormation, deps.stepFunctions, {
    app: options.app,
    env: options.env,
    job: 'migrator',
  });
  if (!latest) return go('the deployed migrator has never run');
  const started = latest.startDate ? ` (started ${latest.startDate.toISOString()})` : '';
  if (latest.status === 'SUCCEEDED') return skip(`the deployed migrator's latest run${started} SUCCEEDED`);
  return go(
    `the deployed migrator's latest run${started} is ${latest.status ?? 'UNKNOWN'}: running it again`,
  );
}

function describeChanges(files: string[], base: string): Decision {
  const since = base.slice(0, 7);
  if (files.length === 0) return skip(`unchanged since ${since}`);
  const shown = files.slice(0, 3).join(', ');
  return go(`changed since ${since}: ${shown}${files.length > 3 ? ` (+${files.length - 3} more)` : ''}`);
}

async function forcedPlan(options: PlanOptions, deps: PlanDeps): Promise<DeployPlan> {
  const target = options.target;
  const chosen = (step: PlanStep): boolean => {
    if (target === 'all') return true;
    if (target === 'migrations') return step === 'migrate';
    if (target === 'migrator') return step === 'migrator' || step === 'migrate';
    return step === target;
  };
  const plan = {} as DeployPlan;
  for (const step of PLAN_STEPS)
    plan[step] = chosen(step) ? go(`requested: ${target}`) : skip(`not requested`);
  if ((plan.api.deploy || plan.web.deploy) && !plan.migrate.deploy)
    plan.migrate = await latestMigrationDecision(options, deps);
  const apiIsNew =
    plan.api.deploy &&
    !plan.web.deploy &&
    !(await deployedCommit(deps.cloudFormation, options.app, options.env, 'api'));
  return redeployWebAfterNewApi(plan, apiIsNew);
}

function orderPlan(plan: DeployPlan): DeployPlan {
  return Object.fromEntries(PLAN_STEPS.map((step) => [step, plan[step]])) as DeployPlan;
}

/** `key=value` lines for $GITHUB_OUTPUT. */
export function planAsGithubOutputs(plan: DeployPlan): string[] {
  const lines = PLAN_STEPS.map((step) => `${step}=${plan[step].deploy}`);
  return [...lines, `any=${PLAN_STEPS.some((step) => plan[step].deploy)}`];
}

export function planAsText(plan: DeployPlan): string[] {
  return PLAN_STEPS.map(
    (step) => `${step.padEnd(11)} ${plan[step].deploy ? 'DEPLOY' : 'skip  '}  ${plan[step].reason}`,
  );
}
