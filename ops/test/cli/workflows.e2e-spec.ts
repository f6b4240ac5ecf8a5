import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { actionlint, formatFindings } from './actionlint.js';
import {
  actionFiles,
  copilotWorkloads,
  expression,
  type Job,
  readRepoFile,
  readYaml,
  repoRoot,
  runScripts,
  type Workflow,
  workflowFiles,
} from './repo-files.js';

const ci = () => readYaml<Workflow>('.github/workflows/ci.yml');
const rootPackage = () => JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> };
const allRunScripts = (workflow: Workflow) => Object.values(workflow.jobs).flatMap(runScripts);

describe('GitHub workflows', () => {
  it('finds the workflows it lints', () => {
    expect(workflowFiles()).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/deploy.yml']),
    );
  });

  it.each(workflowFiles())('%s passes actionlint', async (file) => {
    const findings = await actionlint(readRepoFile(file), file);
    expect(formatFindings(file, findings)).toEqual([]);
  });

  it.each([
    [
      'a job that needs a job which does not exist',
      'on: push\njobs:\n  web:\n    runs-on: ubuntu-24.04\n    needs: [api]\n    steps:\n      - run: echo web\n',
      'job "web" needs job "api" which does not exist in this workflow',
    ],
    [
      'a plan output read without `needs: plan`',
      "on: push\njobs:\n  api:\n    runs-on: ubuntu-24.04\n    if: needs.plan.outputs.api == 'true'\n    steps:\n      - run: echo api\n",
      'property "plan" is not defined in object type {}',
    ],
  ])('actionlint reports a broken workflow (%s), so the check above can fail', async (_, source, message) => {
    const findings = await actionlint(source, '.github/workflows/broken.yml');
    expect(findings.map((finding) => finding.message)).toEqual([message]);
  });

  it('pins every action outside this repository to a full commit SHA, with its version in a comment', () => {
    const files = [...workflowFiles(), ...actionFiles()];
    const uses = files.flatMap((file) =>
      readRepoFile(file)
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    const external = uses.filter(({ line }) => !/uses:\s+\.\//.test(line));

    expect(external.length).toBeGreaterThan(0);
    for (const { file, line } of external) {
      expect(`${file}: ${line}`).toMatch(
        /uses: [\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
      );
    }
  });

  it('grants no write permission in CI, and only OIDC token + read in deploy', () => {
    expect(ci().permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(ci().jobs)) expect(job.permissions).toBeUndefined();

    const deploy = readYaml<Workflow>('.github/workflows/deploy.yml');
    expect(deploy.permissions).toEqual({});
    for (const [id, job] of Object.entries(deploy.jobs)) {
      // The rendered templates need no AWS access at all.
      if (id === 'templates') {
        expect(job.permissions).toEqual({ contents: 'read' });
        continue;
      }
      // The plan also reads CI's result on the commit (Actions API).
      const actions = id === 'plan' ? { actions: 'read' } : {};
      expect([id, job.permissions]).toEqual([id, { ...actions, contents: 'read', 'id-token': 'write' }]);
    }
  });

  it('passes expressions to shell scripts through env:, never inline (script injection)', () => {
    for (const file of [...workflowFiles(), ...actionFiles()]) {
      const document = parse(readRepoFile(file)) as {
        jobs?: Record<string, Job>;
        runs?: { steps: Job['steps'] };
      };
      const steps = [
        ...Object.values(document.jobs ?? {}).flatMap((job) => job.steps),
        ...(document.runs?.steps ?? []),
      ];
      for (const step of steps.filter((candidate) => candidate.run)) {
        expect(`${file}: ${step.run}`).not.toContain(expression('').slice(0, 3));
      }
    }
  });

  it("has Dependabot keep actions, npm packages and the Dockerfiles' pinned base image current", () => {
    const config = readYaml<{
      updates: Array<{ 'package-ecosystem': string; directory?: string; directories?: string[] }>;
    }>('.github/dependabot.yml');
    const directories = (ecosystem: string) =>
      config.updates
        .filter((update) => update['package-ecosystem'] === ecosystem)
        .flatMap((update) => update.directories ?? [update.directory ?? '']);
    expect(directories('github-actions')).toEqual(
      expect.arrayContaining(['/', ...actionFiles().map((file) => `/${path.dirname(file)}`)]),
    );
    expect(directories('npm')).toEqual(['/']);
    expect([...directories('docker')].sort()).toEqual(copilotWorkloads().map((workload) => `/${workload}`));
    // Dependabot reads FROM lines only (not ARG defaults): each Dockerfile names its image by digest in a FROM.
    for (const workload of copilotWorkloads()) {
      expect(readRepoFile(`${workload}/Dockerfile`)).toMatch(
        /^FROM [\w./-]+:[\w.-]+@sha256:[0-9a-f]{64} AS /m,
      );
    }
  });

  it('.ci/run installs podman and always runs the image test (no skip)', () => {
    const script = readRepoFile('.ci/run');
    expect(script).toMatch(/image_tools\+=\(podman\)/);
    const imageTest = script
      .split('\n')
      .filter((line) => line.includes('yarn test:images') && !line.trimStart().startsWith('#'));
    expect(imageTest).toHaveLength(1);
    // At the top level of the script, not inside an if/else that could skip it.
    expect(imageTest[0]).toMatch(/^yarn test:images/);
    expect(script).not.toMatch(/test:images not run/);
  });

  describe('ci.yml', () => {
    it('runs on pull requests and on pushes to main', () => {
      expect(Object.keys(ci().on).sort()).toEqual(['pull_request', 'push']);
      expect(ci().on.push).toEqual({ branches: ['main'] });
    });

    it('runs every command of the root `yarn test` script', () => {
      const commands = (rootPackage().scripts.test as string).split('&&').map((command) => command.trim());
      expect(commands.length).toBeGreaterThanOrEqual(4);
      expect(allRunScripts(ci())).toEqual(expect.arrayContaining(commands));
    });

    it('installs with the lockfile frozen, after enabling corepack, with the Yarn cache', () => {
      for (const job of [ci().jobs.static, ci().jobs.test] as Job[]) {
        const scripts = runScripts(job);
        expect(scripts).toContain('yarn install --immutable');
        const setupNode = job.steps.findIndex((step) => step.uses?.startsWith('actions/setup-node@'));
        expect(job.steps.findIndex((step) => step.run === 'corepack enable')).toBeLessThan(setupNode);
        expect(job.steps[setupNode]?.with?.cache).toBe('yarn');
      }
    });

    it('runs the infrastructure validation script the ops workspace defines', () => {
      const opsScripts = (JSON.parse(readRepoFile('ops/package.json')) as { scripts: Record<string, string> })
        .scripts;
      expect(allRunScripts(ci())).toContain('yarn workspace @iac-experiment/ops validate:infra');
      expect(opsScripts['validate:infra']).toBeDefined();
    });

    it('tests against a Postgres service of the production major, through DATABASE_URL', () => {
      const test = ci().jobs.test as Job;
      expect(test.services?.postgres?.image).toMatch(/^postgres:17(\D|$)/);
      expect(test.env?.DATABASE_URL).toBe('postgres://postgres:postgres@postgres:5432/postgres');
    });

    it('installs the Debian packages .ci/run installs for the tests (chromium, prometheus, …)', () => {
      const ciRunPackages = [...readRepoFile('.ci/run').matchAll(/missing\+=\(([\w.-]+)\)/g)].map(
        (match) => match[1],
      );
      expect(ciRunPackages).toEqual(expect.arrayContaining(['chromium', 'postgresql']));
      // The workflow's server is the postgres service container, of the production major.
      const serverPackage = 'postgresql';
      const install =
        runScripts(ci().jobs.test as Job).find((script) => script.includes('apt-get install')) ?? '';
      for (const name of ciRunPackages.filter((name) => name !== serverPackage))
        expect(install).toMatch(new RegExp(`\\s${name}(\\s|$)`));
      expect((ci().jobs.test as Job).container?.image).toMatch(/-bookworm$/);
    });

    it('builds Go and gives the test container what the Copilot render test needs', () => {
      const test = ci().jobs.test as Job;
      expect(test.steps.some((step) => step.uses?.startsWith('actions/setup-go@'))).toBe(true);
      expect(test.container?.options).toBe('--cap-add SYS_ADMIN --cap-add NET_ADMIN');
    });

    it('renders the head and base of every pull request and writes the CloudFormation plan to the job summary', () => {
      const plan = ci().jobs['cloudformation-plan'] as Job;
      expect(plan.if).toBe("github.event_name == 'pull_request'");
      expect(plan.permissions).toBeUndefined();
      const script = runScripts(plan).join('\n');
      expect(script).toContain(`git worktree add --detach "\${RUNNER_TEMP}/base" "$BASE_SHA"`);
      expect(script).toContain(`yarn copilot:package --out "\${RUNNER_TEMP}/render-head"`);
      expect(script).toContain(
        `yarn copilot:package --workspace "\${RUNNER_TEMP}/base" --out "\${RUNNER_TEMP}/render-base"`,
      );
      expect(script).toMatch(
        /yarn copilot:plan --base "\$\{RUNNER_TEMP\}\/render-base" --head "\$\{RUNNER_TEMP\}\/render-head"[\s\S]*>>"\$GITHUB_STEP_SUMMARY"/,
      );
      expect(rootPackage().scripts['copilot:package']).toBeDefined();
      expect(rootPackage().scripts['copilot:plan']).toBeDefined();
    });

    it('docker-builds every Copilot workload from the repository root', () => {
      const images = ci().jobs.images as Job;
      expect([...(images.strategy?.matrix.workload ?? [])].sort()).toEqual(copilotWorkloads());
      for (const workload of copilotWorkloads())
        expect(existsSync(path.join(repoRoot, workload, 'Dockerfile'))).toBe(true);
      expect(runScripts(images)).toEqual([
        `docker build --file "\${WORKLOAD}/Dockerfile" --tag "iac-experiment/\${WORKLOAD}:ci" .`,
      ]);
    });
  });
});
