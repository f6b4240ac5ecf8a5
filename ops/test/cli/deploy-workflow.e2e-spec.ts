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
  runScripts,
  type Workflow,
} from './repo-files.js';

const deploy = () => readYaml<Workflow>('.github/workflows/deploy.yml');
const job = (id: string) => deploy().jobs[id] as Job;
const DEPLOY_ORDER = ['plan', 'environment', 'migrator', 'api', 'web', 'smoke'];

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
    expect(forcedOrder(deploy().jobs)).toEqual(DEPLOY_ORDER);
    expect(DEPLOY_ORDER.slice(2, 5)).toEqual([...WORKLOADS]);
    expect([...WORKLOADS].sort()).toEqual(copilotWorkloads());
  });

  it('skips a step the plan does not need, and stops everything after a failed one', () => {
    expect(job('environment').if).toBe("needs.plan.outputs.environment == 'true'");
    for (const id of ['migrator', 'api', 'web', 'smoke']) {
      const condition = job(id).if ?? '';
      expect(condition).toMatch(/^!cancelled\(\) && !failure\(\) &&/);
      expect(needsOf(job(id))).toContain('plan');
    }
    expect(job('migrator').if).toContain("needs.plan.outputs.migrate == 'true'");
    expect(job('api').if).toContain("needs.plan.outputs.api == 'true'");
    expect(job('web').if).toContain("needs.plan.outputs.web == 'true'");
    expect(job('smoke').if).toContain("needs.plan.outputs.any == 'true'");
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
    const lines = (steps[1]?.run ?? '').split('\n').filter(Boolean);
    const since = lines.findIndex((line) => line.startsWith('since='));
    const run = lines.findIndex((line) => line.startsWith('copilot job run'));
    const wait = lines.findIndex((line) => line.includes('main.js wait-job'));
    expect(since).toBeGreaterThanOrEqual(0);
    expect(since).toBeLessThan(run);
    expect(run).toBeLessThan(wait);
    expect(lines[wait]).toContain('--job migrator --since "$since"');
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
    for (const [id, definition] of Object.entries(deploy().jobs)) {
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

  it('installs the pinned Copilot release, whose SHA-256 is committed', () => {
    const version = deploy().env?.COPILOT_VERSION as string;
    expect(version).toBe('v1.34.1');
    const hashFile = readRepoFile(`.github/aws-copilot-cli/copilot-linux-amd64-${version}.sha256`);
    expect(hashFile).toMatch(
      new RegExp(`^[0-9a-f]{64}  copilot-linux-amd64-${version.replace(/\./g, '\\.')}\\n$`),
    );
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
});
