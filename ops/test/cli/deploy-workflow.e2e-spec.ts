import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PLAN_STEPS, TARGETS, WORKLOADS } from '../../src/cli/deploy-plan/deploy-plan.js';
import { parseDuration } from '../../src/cli/shared/duration.js';
import {
  copilotWorkloads,
  expression,
  type Job,
  needsOf,
  readRepoFile,
  readYaml,
  repoRoot,
  runScripts,
  type Step,
  type Workflow,
} from './repo-files.js';
import { runStep } from './run-step.js';

const deploy = () => readYaml<Workflow>('.github/workflows/deploy.yml');
const job = (id: string) => deploy().jobs[id] as Job;
const DEPLOY_ORDER = ['plan', 'environment', 'migrator', 'api', 'web', 'smoke'];
/** The jobs that deploy, without `templates` (the rendered CloudFormation, kept as an artifact beside the deploy). */
const deployJobs = () =>
  Object.fromEntries(Object.entries(deploy().jobs).filter(([id]) => id !== 'templates'));
const HEAD = '0123456789abcdef0123456789abcdef01234567';
const planStep = (name: string) => job('plan').steps.find((step) => step.name === name) as Step;

/** Jobs in the order GitHub can run them; throws unless that order is forced (a chain, no parallel branches). */
function forcedOrder(jobs: Record<string, Job>): string[] {
  const order: string[] = [];
  const remaining = new Set(Object.keys(jobs));
  while (remaining.size > 0) {
    const ready = [...remaining].filter((id) =>
      needsOf(jobs[id] as Job).every((need) => order.includes(need)),
    );
    if (ready.length !== 1)
      throw new Error(`After ${order.join(' → ') || 'start'}, ${ready.length} jobs could run: ${ready}`);
    order.push(ready[0] as string);
    remaining.delete(ready[0] as string);
  }
  return order;
}

describe('deploy.yml', () => {
  it('starts only after the CI workflow completed on main, or by hand', () => {
    const ciName = readYaml<Workflow>('.github/workflows/ci.yml').name;
    expect(deploy().on).toEqual({
      workflow_run: { workflows: [ciName], types: ['completed'], branches: ['main'] },
      workflow_dispatch: expect.any(Object),
    });
    const gate = job('plan').if ?? '';
    for (const condition of [
      "github.event.workflow_run.conclusion == 'success'",
      "github.event.workflow_run.event == 'push'",
      'github.event.workflow_run.head_repository.full_name == github.repository',
      "github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'",
    ]) {
      expect(gate).toContain(condition);
    }
  });

  it('deploys the commit CI tested, and tags images with it', () => {
    expect(deploy().env?.HEAD_SHA).toBe(expression('github.event.workflow_run.head_sha || github.sha'));
    for (const [id, { steps }] of Object.entries(deploy().jobs)) {
      const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect([id, checkout?.with?.ref]).toEqual([id, expression('env.HEAD_SHA')]);
    }
    const deploys = Object.values(deploy().jobs)
      .flatMap(runScripts)
      .flatMap((script) => script.split('\n'))
      .filter((line) => /copilot (svc|job) deploy/.test(line));
    expect(deploys).toHaveLength(3);
    for (const line of deploys) expect(line).toMatch(/ --tag "\$HEAD_SHA"$/);
  });

  it('runs one deploy at a time and never cancels a running one', () => {
    expect(deploy().concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
  });

  it('chains the jobs: plan → environment → migrator → api → web → smoke, nothing in parallel', () => {
    expect(forcedOrder(deployJobs())).toEqual(DEPLOY_ORDER);
    expect(DEPLOY_ORDER.slice(2, 5)).toEqual([...WORKLOADS]);
    expect([...WORKLOADS].sort()).toEqual(copilotWorkloads());
  });

  it('skips a step the plan does not need, and stops everything after a failed or timed-out one', () => {
    expect(job('environment').if).toBe("needs.plan.outputs.environment == 'true'");
    for (const id of ['migrator', 'api', 'web', 'smoke']) {
      const condition = job(id).if ?? '';
      // A job stopped at timeout-minutes can end "cancelled", which failure() does not count; a job skipped after
      // one did not succeed looks like a job the plan skipped, so every earlier job is checked directly.
      expect(condition).toMatch(
        /^!cancelled\(\) && !failure\(\) && !contains\(needs\.\*\.result, 'cancelled'\) &&/,
      );
      expect(needsOf(job(id))).toEqual(DEPLOY_ORDER.slice(0, DEPLOY_ORDER.indexOf(id)));
    }
    expect(job('migrator').if).toContain("needs.plan.outputs.migrate == 'true'");
    expect(job('api').if).toContain("needs.plan.outputs.api == 'true'");
    expect(job('web').if).toContain("needs.plan.outputs.web == 'true'");
    expect(job('smoke').if).toContain("needs.plan.outputs.any == 'true'");
  });

  it('refuses a manual run unless CI succeeded on the commit it would deploy', () => {
    const check = planStep('CI passed on this commit');
    expect(job('plan').steps[0]?.name).toBe(check.name);
    expect(check.if).toBe("github.event_name == 'workflow_dispatch'");
    expect(check.env).toEqual({ GH_TOKEN: expression('github.token') });
    expect(job('plan').permissions).toMatchObject({ actions: 'read' });
    // The workflow it asks about is the one a push's deploy waits for.
    const ciFile = /actions\/workflows\/([\w.-]+)\/runs/.exec(check.run ?? '')?.[1];
    expect([readYaml<Workflow>(`.github/workflows/${ciFile}`).name]).toEqual(
      (deploy().on.workflow_run as { workflows: string[] }).workflows,
    );

    const withCi = (conclusion: string) =>
      runStep(
        check.run as string,
        { gh: `echo '${conclusion}'` },
        { HEAD_SHA: HEAD, GITHUB_REPOSITORY: 'o/r' },
      );
    const passed = withCi('success');
    expect(passed.status).toBe(0);
    expect(passed.calls).toEqual([
      `gh api --method GET repos/o/r/actions/workflows/ci.yml/runs -f head_sha=${HEAD} -f event=push ` +
        `-f branch=main -f per_page=1 --jq .workflow_runs[0] // {} | .conclusion // .status // "not run"`,
    ]);
    for (const conclusion of ['failure', 'in_progress', 'not run']) {
      const refused = withCi(conclusion);
      expect(refused.status).toBe(1);
      expect(refused.log).toContain(`CI on ${HEAD} is ${conclusion}, not success.`);
    }
    // gh itself failing (no permission, API down) fails the step too.
    expect(runStep(check.run as string, { gh: 'exit 1' }, { HEAD_SHA: HEAD }).status).not.toBe(0);
  });

  it('shows the plan and fails the step when `ops deploy-plan` fails; sets outputs only when it succeeds', () => {
    const step = planStep('Decide what to deploy');
    const env = { APP: 'iac-experiment', ENV: 'production', HEAD_SHA: HEAD, TARGET: 'changed' };
    const planned = runStep(
      step.run as string,
      { node: 'echo "api         DEPLOY  changed" >&2; printf "api=true\\nany=true\\n"' },
      env,
    );
    expect(planned.status).toBe(0);
    expect(planned.calls).toEqual([
      `node ops/dist/cli/main.js deploy-plan --app iac-experiment --env production --head ${HEAD} --target changed`,
    ]);
    expect(planned.outputs).toBe('api=true\nany=true\n');
    expect(planned.log).toContain('api         DEPLOY  changed');
    expect(planned.summary).toContain('api         DEPLOY  changed');

    const failed = runStep(
      step.run as string,
      { node: 'echo "error: ThrottlingException: Rate exceeded" >&2; echo "api=true"; exit 1' },
      env,
    );
    expect(failed.status).toBe(1);
    expect(failed.log).toContain('error: ThrottlingException: Rate exceeded');
    expect(failed.log).toContain('ops deploy-plan exited with status 1');
    expect(failed.summary).toContain('error: ThrottlingException: Rate exceeded');
    expect(failed.outputs).toBe('');
  });

  it("exposes every decision of the ops CLI's deploy plan as a job output", () => {
    expect(Object.keys(job('plan').outputs ?? {})).toEqual([...PLAN_STEPS, 'any']);
  });

  it('offers every deploy-plan target in the manual run form', () => {
    const dispatch = deploy().on.workflow_dispatch as {
      inputs: { target: { options: string[]; default: string } };
    };
    expect(dispatch.inputs.target.options).toEqual([...TARGETS]);
    expect(dispatch.inputs.target.default).toBe('changed');
  });

  it('deploys the environment with `copilot env deploy` before any workload', () => {
    expect(runScripts(job('environment'))).toEqual(['copilot env deploy --app "$APP" --name "$ENV"']);
  });

  it('deploys the migrator job, runs it, and waits for that run before api and web deploy', () => {
    const steps = job('migrator').steps.filter((step) => step.run);
    expect(steps.map((step) => [step.if, step.run?.includes('copilot job deploy')])).toEqual([
      ["needs.plan.outputs.migrator == 'true'", true],
      ["needs.plan.outputs.migrate == 'true'", false],
    ]);
    // The run this job started is the one it waits for: run-job prints its execution ARN, wait-job follows that ARN
    // (not "the newest since a moment ago", which could be someone else's run).
    const script = steps[1]?.run ?? '';
    expect(script).not.toContain('copilot job run');
    expect(script).not.toContain('--since');
    const env = { APP: 'iac-experiment', ENV: 'production' };
    const arn = 'arn:aws:states:eu-west-1:111122223333:execution:iac-experiment-production-migrator:run-7';
    const ran = runStep(script, { node: `[ "$2" = run-job ] && echo '${arn}'; exit 0` }, env);
    expect(ran.status).toBe(0);
    expect(ran.calls).toEqual([
      'node ops/dist/cli/main.js run-job --app iac-experiment --env production --job migrator --no-wait',
      `node ops/dist/cli/main.js wait-job --app iac-experiment --env production --job migrator --execution ${arn} --timeout 20m`,
    ]);
    // run-job failing to start it fails the step before any wait.
    const failed = runStep(script, { node: '[ "$2" = run-job ] && exit 3; exit 0' }, env);
    expect(failed.status).not.toBe(0);
    expect(failed.calls).toHaveLength(1);
  });

  it("waits longer for the migration than the migrator job's own timeout", () => {
    const manifestTimeout = readYaml<{ timeout: string }>('copilot/migrator/manifest.yml').timeout;
    const waitTimeout = /wait-job .*--timeout (\S+)/.exec(runScripts(job('migrator')).join('\n'))?.[1] ?? '';
    expect(parseDuration(waitTimeout)).toBeGreaterThan(parseDuration(manifestTimeout));
  });

  it('smoke-tests the URL `ops url` reports', () => {
    const scripts = runScripts(job('smoke')).join('\n');
    expect(scripts).toContain('url="$(node ops/dist/cli/main.js url --app "$APP" --env "$ENV")"');
    expect(scripts).toContain('node ops/dist/cli/main.js smoke --url "$URL"');
  });

  it('gets AWS credentials only inside the production environment, from its secret and variable', () => {
    for (const [id, definition] of Object.entries(deployJobs())) {
      const environment = definition.environment;
      expect([id, typeof environment === 'string' ? environment : environment?.name]).toEqual([
        id,
        'production',
      ]);
      const tools = definition.steps.find((step) => step.uses === './.github/actions/deploy-tools');
      expect(tools?.with).toMatchObject({
        'role-to-assume': expression('secrets.AWS_DEPLOY_ROLE_ARN'),
        'aws-region': expression('vars.AWS_REGION'),
      });
    }
  });

  it('runs no dependency install scripts where a job can mint an OIDC token', () => {
    const action = readYaml<{ runs: { steps: Step[] } }>('.github/actions/deploy-tools/action.yml');
    const installs = action.runs.steps.filter((step) =>
      /\byarn (install|workspaces focus)\b/.test(step.run ?? ''),
    );
    expect(installs.length).toBeGreaterThan(0);
    for (const step of installs) expect(step.env?.YARN_ENABLE_SCRIPTS).toBe('false');
    // Every job that holds the token installs only through that action; the one that does not (the rendered
    // templates' artifact) may install with scripts.
    const jobs = Object.entries(deploy().jobs);
    const unprivileged = jobs.filter(([, definition]) => definition.permissions?.['id-token'] !== 'write');
    expect(unprivileged.map(([id]) => id)).toEqual(['templates']);
    expect(unprivileged[0]?.[1].permissions).toEqual({ contents: 'read' });
    for (const [id, definition] of jobs.filter((job) => !unprivileged.includes(job))) {
      expect([
        id,
        runScripts(definition).filter((script) => /\byarn (install|workspaces)\b/.test(script)),
      ]).toEqual([id, []]);
    }
  });

  it("asks for AWS credentials that outlive the longest deploy job, within the role's maximum session", () => {
    const action = readYaml<{ runs: { steps: Step[] } }>('.github/actions/deploy-tools/action.yml');
    const credentials = action.runs.steps.find((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    const seconds = Number(credentials?.with?.['role-duration-seconds']);
    const longestJob = Math.max(
      ...Object.values(deploy().jobs).map((definition) => Number(definition['timeout-minutes'] ?? 360)),
    );
    expect(seconds).toBeGreaterThanOrEqual(longestJob * 60);
    const role = JSON.parse(readRepoFile('ops/iam/deploy-role.json')) as { MaxSessionDuration: number };
    expect(seconds).toBeLessThanOrEqual(role.MaxSessionDuration);
    // IAM's range for MaxSessionDuration.
    expect(role.MaxSessionDuration).toBeGreaterThanOrEqual(3_600);
    expect(role.MaxSessionDuration).toBeLessThanOrEqual(43_200);
  });

  it('installs the pinned Copilot release, whose SHA-256 is committed', () => {
    const version = deploy().env?.COPILOT_VERSION as string;
    expect(version).toBe('v1.34.1');
    const hashFile = readRepoFile(`.github/aws-copilot-cli/copilot-linux-amd64-${version}.sha256`);
    expect(hashFile).toMatch(
      new RegExp(`^[0-9a-f]{64}  copilot-linux-amd64-${version.replace(/\./g, '\\.')}\\n$`),
    );
    // Only the pinned release's hash: every version change then changes this folder, which the deploy plan
    // treats as a change of the environment and of every workload.
    expect(readdirSync(path.join(repoRoot, '.github/aws-copilot-cli')).sort()).toEqual([
      'README.md',
      `copilot-linux-amd64-${version}.sha256`,
    ]);
    const action = readRepoFile('.github/actions/deploy-tools/action.yml');
    expect(action).toContain(
      `sha256sum --check --strict "\${GITHUB_WORKSPACE}/.github/aws-copilot-cli/\${asset}.sha256"`,
    );
    const copilotJobs = Object.entries(deploy().jobs).filter(([, definition]) =>
      runScripts(definition).some((script) => script.includes('copilot ')),
    );
    for (const [id, definition] of copilotJobs) {
      const tools = definition.steps.find((step) => step.uses === './.github/actions/deploy-tools');
      expect([id, tools?.with?.['copilot-version']]).toEqual([id, expression('env.COPILOT_VERSION')]);
    }
  });

  it('keeps the CloudFormation Copilot renders for the deployed commit as an artifact, without AWS credentials', () => {
    const templates = job('templates');
    expect(needsOf(templates)).toEqual(['plan']);
    expect(templates.if).toBe("needs.plan.outputs.any == 'true'");
    expect(templates.permissions).toEqual({ contents: 'read' });
    expect(templates.environment).toBeUndefined();
    expect(templates.steps.some((step) => step.uses === './.github/actions/deploy-tools')).toBe(false);
    const scripts = runScripts(templates);
    expect(scripts).toContain(`yarn copilot:package --out "\${RUNNER_TEMP}/cloudformation"`);
    const upload = templates.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({
      name: `cloudformation-${expression('env.HEAD_SHA')}`,
      path: `${expression('runner.temp')}/cloudformation`,
      'if-no-files-found': 'error',
    });
    // Nothing waits for it: a deploy never depends on the artifact.
    for (const definition of Object.values(deployJobs()))
      expect(needsOf(definition)).not.toContain('templates');
  });
});
