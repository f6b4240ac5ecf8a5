import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { type ExecutionStatus, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { missingStackError } from '../testing/aws-errors.js';
import { planAsGithubOutputs, planDeploy, type Target } from './deploy-plan.js';
import { GitRepository } from './git-repository.js';
import { ALWAYS_SHARED, COPILOT_RELEASE_INPUTS, workloadInputs } from './workload-inputs.js';

/** A throwaway repository shaped like ours: workspaces with runtime dependencies, copilot/ and .dockerignore. */
class FixtureRepo {
  readonly root = mkdtempSync(path.join(tmpdir(), 'ops-deploy-plan-'));

  constructor() {
    this.git('init', '--quiet', '--initial-branch=main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'CI');
    this.write('package.json', JSON.stringify({ workspaces: ['platform', 'migrator', 'api', 'web', 'ops'] }));
    this.write('yarn.lock', '# lock');
    this.write(
      '.dockerignore',
      '*\n!package.json\n!platform\n!api\n!web\n!migrator\n!docker/rds-ca/bundle.pem\n',
    );
    this.workspace('platform', {});
    this.workspace('migrator', {});
    this.workspace('api', { '@x/platform': 'workspace:*', '@x/migrator': 'workspace:*' });
    this.workspace('web', { '@x/platform': 'workspace:*' }, { '@x/api': 'workspace:*' });
    this.workspace('ops', {});
    for (const dir of ['api', 'web', 'migrator', 'environments/production'])
      this.write(`copilot/${dir}/manifest.yml`, 'x');
  }

  workspace(dir: string, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}) {
    this.write(`${dir}/package.json`, JSON.stringify({ name: `@x/${dir}`, dependencies, devDependencies }));
    this.write(`${dir}/src/index.ts`, 'export {};');
  }

  write(file: string, content: string) {
    mkdirSync(path.dirname(path.join(this.root, file)), { recursive: true });
    writeFileSync(path.join(this.root, file), content);
  }

  git(...args: string[]): string {
    // Never inherit GIT_DIR & co. (set when tests run inside a git hook): they would point at the real repository.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
    return execFileSync('git', args, { cwd: this.root, env, encoding: 'utf8' }).trim();
  }

  commit(files: Record<string, string> = {}): string {
    for (const [file, content] of Object.entries(files)) this.write(file, content);
    this.git('add', '--all');
    this.git('commit', '--quiet', '--allow-empty', '-m', 'change');
    return this.git('rev-parse', 'HEAD');
  }
}

const MIGRATOR_STATE_MACHINE =
  'arn:aws:states:eu-west-1:111122223333:stateMachine:iac-experiment-production-migrator';

describe('planDeploy', () => {
  const cfn = mockClient(CloudFormationClient);
  const sfn = mockClient(SFNClient);
  let repo: FixtureRepo;
  let base: string;

  /** What each workload's stack says it runs (`<repo>:<tag>`, as Copilot passes it with --tag); default `base`. */
  const deployed = (tags: Partial<Record<'migrator' | 'api' | 'web', string | null>>) => {
    for (const workload of ['migrator', 'api', 'web'] as const) {
      const StackName = `iac-experiment-production-${workload}`;
      const tag = workload in tags ? tags[workload] : base;
      if (tag === null) {
        cfn.on(DescribeStacksCommand, { StackName }).rejects(missingStackError(StackName));
        continue;
      }
      cfn.on(DescribeStacksCommand, { StackName }).resolves({
        Stacks: [
          {
            StackName,
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(),
            Parameters: [
              { ParameterKey: 'AppName', ParameterValue: 'iac-experiment' },
              {
                ParameterKey: 'ContainerImage',
                ParameterValue: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/iac-experiment/${workload}:${tag}`,
              },
            ],
          },
        ],
      });
    }
  };

  /** The status of the deployed migrator's most recent execution; null: it has never run. */
  const lastMigration = (status: ExecutionStatus | null) => {
    cfn.on(DescribeStackResourcesCommand, { StackName: 'iac-experiment-production-migrator' }).resolves({
      StackResources: [
        {
          LogicalResourceId: 'StateMachine',
          ResourceType: 'AWS::StepFunctions::StateMachine',
          PhysicalResourceId: MIGRATOR_STATE_MACHINE,
        } as never,
      ],
    });
    sfn.on(ListExecutionsCommand, { stateMachineArn: MIGRATOR_STATE_MACHINE, maxResults: 1 }).resolves({
      executions:
        status === null
          ? []
          : [
              {
                executionArn: `${MIGRATOR_STATE_MACHINE.replace(':stateMachine:', ':execution:')}:latest`,
                stateMachineArn: MIGRATOR_STATE_MACHINE,
                name: 'latest',
                status,
                startDate: new Date('2026-11-01T12:00:00Z'),
              },
            ],
    });
  };

  const plan = (head: string, target: Target = 'changed') =>
    planDeploy(
      { app: 'iac-experiment', env: 'production', head, target },
      {
        cloudFormation: new CloudFormationClient({}),
        stepFunctions: new SFNClient({}),
        git: new GitRepository(repo.root),
      },
    );
  const deploying = async (head: string, target: Target = 'changed') =>
    Object.entries(await plan(head, target))
      .filter(([, decision]) => decision.deploy)
      .map(([step]) => step);

  beforeAll(() => {
    repo = new FixtureRepo();
    repo.commit();
  });
  afterAll(() => rmSync(repo.root, { recursive: true, force: true }));
  beforeEach(() => {
    cfn.reset();
    sfn.reset();
    lastMigration('SUCCEEDED');
    // Each test starts from "everything deployed at the current HEAD" and commits on top of it.
    base = repo.git('rev-parse', 'HEAD');
  });

  it('deploys nothing when nothing that a workload is built from changed', async () => {
    const head = repo.commit({ 'README.md': 'docs', 'ops/src/index.ts': 'export const x = 1;' });
    deployed({});

    const result = await plan(head);

    expect(Object.values(result).every((decision) => !decision.deploy)).toBe(true);
    expect(result.api.reason).toBe(`unchanged since ${base.slice(0, 7)}`);
    expect(result.migrate.reason).toBe(
      "the deployed migrator's latest run (started 2026-11-01T12:00:00.000Z) SUCCEEDED",
    );
    expect(planAsGithubOutputs(result)).toEqual([
      'environment=false',
      'migrator=false',
      'migrate=false',
      'api=false',
      'web=false',
      'any=false',
    ]);
  });

  it('redeploys a workload when its own folder or its Copilot folder changed', async () => {
    deployed({});
    expect(await deploying(repo.commit({ 'web/src/index.ts': 'export const page = 1;' }))).toEqual(['web']);
    expect(await deploying(repo.commit({ 'copilot/api/manifest.yml': 'y' }))).toEqual(['api', 'web']);
  });

  it('deploys nothing for documentation beside a workload (its README) or beside the pinned Copilot release', async () => {
    deployed({});
    const head = repo.commit({
      'api/README.md': '# api',
      'migrator/README.md': '# migrator',
      'platform/docs/logging.md': 'how',
      '.github/aws-copilot-cli/README.md': 'how to verify',
    });
    expect(await deploying(head)).toEqual([]);
    expect(
      await deploying(
        repo.commit({ 'api/README.md': '# the api', 'api/src/index.ts': 'export const a = 2;' }),
      ),
    ).toEqual(['api']);
  });

  it('follows runtime workspace dependencies: platform → api and web; migrator → migrate, then api', async () => {
    deployed({});
    const head = repo.commit({ 'platform/src/index.ts': 'export const metrics = 1;' });
    expect(await deploying(head)).toEqual(['api', 'web']);

    const migration = repo.commit({ 'migrator/src/index.ts': 'export const m2 = 1;' });
    const result = await plan(migration);
    expect(await deploying(migration)).toEqual(['migrator', 'migrate', 'api', 'web']);
    expect(result.migrator.reason).toMatch(/^changed since [0-9a-f]{7}: migrator\/src\/index\.ts$/);
  });

  it("ignores dev-only workspace dependencies (web's e2e tests use api, its image does not)", async () => {
    expect(await workloadInputs(repo.root, 'web')).toEqual([
      'web/',
      'platform/',
      'copilot/web/',
      ...COPILOT_RELEASE_INPUTS,
      ...ALWAYS_SHARED,
      'docker/rds-ca/bundle.pem',
    ]);
  });

  it('redeploys everything when the lockfile changed', async () => {
    const head = repo.commit({ 'yarn.lock': '# lock v2' });
    deployed({});
    expect(await deploying(head)).toEqual(['migrator', 'migrate', 'api', 'web']);
  });

  it('deploys the environment first when its manifest or addons changed', async () => {
    const head = repo.commit({ 'copilot/environments/addons/db.yml': 'Resources: {}' });
    deployed({});

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['environment']);
    expect(result.environment.reason).toContain('copilot/environments/addons/db.yml');
  });

  it('compares each workload with the commit it runs, so a failed deploy is retried by the next push', async () => {
    const migration = repo.commit({ 'migrator/src/index.ts': 'export const m3 = 1;' });
    const next = repo.commit({ 'web/src/index.ts': 'export const page = 2;' });
    // The previous run (for `migration`) failed while deploying the migrator: nothing runs past `base`.
    deployed({ migrator: base, api: base, web: base });
    expect(await deploying(next)).toEqual(['migrator', 'migrate', 'api', 'web']);

    deployed({ migrator: migration, api: migration, web: migration });
    expect(await deploying(next)).toEqual(['web']);
  });

  it('runs a failed migration again before api and web, although the migrator already carries its image', async () => {
    const migration = repo.commit({ 'migrator/src/index.ts': 'export const m4 = 1;' });
    const next = repo.commit({ 'web/src/index.ts': 'export const page = 4;' });
    // The previous run (for `migration`): `copilot job deploy --tag` succeeded, then the run FAILED, so api and web
    // stayed on `base`.
    deployed({ migrator: migration, api: base, web: base });
    lastMigration('FAILED');

    const result = await plan(next);

    expect(await deploying(next)).toEqual(['migrate', 'api', 'web']);
    expect(result.migrator.reason).toBe(`unchanged since ${migration.slice(0, 7)}`);
    expect(result.migrate.reason).toBe(
      "the deployed migrator's latest run (started 2026-11-01T12:00:00.000Z) is FAILED: running it again",
    );
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: MIGRATOR_STATE_MACHINE,
      maxResults: 1,
    });

    // Once a run SUCCEEDED, the migration is not repeated.
    lastMigration('SUCCEEDED');
    expect(await deploying(next)).toEqual(['api', 'web']);
  });

  it.each([
    ['TIMED_OUT', 'is TIMED_OUT: running it again'],
    ['ABORTED', 'is ABORTED: running it again'],
    // Another run may be holding the migrations' advisory lock: ours waits for it and reports the outcome.
    ['RUNNING', 'is RUNNING: running it again'],
  ] as const)('runs the migration again when its latest run is %s', async (status, reason) => {
    const head = repo.commit({ 'README.md': `docs ${status}` });
    deployed({});
    lastMigration(status);

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['migrate']);
    expect(result.migrate.reason).toContain(reason);
  });

  it('runs the migration when the deployed migrator has never run', async () => {
    const head = repo.commit({ 'README.md': 'docs, never run' });
    deployed({});
    lastMigration(null);

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['migrate']);
    expect(result.migrate.reason).toBe('the deployed migrator has never run');
  });

  it('redeploys the environment and every workload after a Copilot upgrade', async () => {
    const head = repo.commit({
      '.github/aws-copilot-cli/copilot-linux-amd64-v1.99.0.sha256': 'abc  copilot-linux-amd64-v1.99.0\n',
    });
    deployed({});

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['environment', 'migrator', 'migrate', 'api', 'web']);
    expect(result.environment.reason).toContain('.github/aws-copilot-cli/copilot-linux-amd64-v1.99.0.sha256');
  });

  it('deploys a workload whose stack is missing, and the environment with it', async () => {
    const head = repo.commit();
    deployed({ web: null });

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['environment', 'web']);
    expect(result.web.reason).toBe(
      'no deployed commit found (stack missing or image not tagged with a commit)',
    );
  });

  it("redeploys web after creating api: web's tasks only resolve Service Connect endpoints at start", async () => {
    const head = repo.commit();
    deployed({ api: null });

    const result = await plan(head);

    expect(await deploying(head)).toEqual(['environment', 'api', 'web']);
    expect(result.api.reason).toBe(
      'no deployed commit found (stack missing or image not tagged with a commit)',
    );
    expect(result.web.reason).toBe(
      "api is being created: web's tasks must restart to resolve its new Service Connect endpoint",
    );
  });

  it('a manual api deploy that creates api deploys web too', async () => {
    deployed({ api: null });
    expect(await deploying(base, 'api')).toEqual(['api', 'web']);
    deployed({});
    expect(await deploying(base, 'api')).toEqual(['api']);
  });

  it('deploys when the running image is not tagged with a commit of this history', async () => {
    const head = repo.commit();
    deployed({ web: 'latest', api: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef' });

    const result = await plan(head);

    expect(result.web.deploy).toBe(true);
    expect(result.api).toEqual({
      deploy: true,
      reason: "deployed commit deadbeefdeadbeefdeadbeefdeadbeefdeadbeef is not in this repository's history",
    });
    expect(result.migrator.deploy).toBe(false);
  });

  it('accepts the short sha that a manual `copilot deploy` tags images with', async () => {
    const head = repo.commit({ 'web/src/index.ts': 'export const page = 3;' });
    deployed({ migrator: head.slice(0, 7), api: head.slice(0, 7), web: base.slice(0, 7) });
    expect(await deploying(head)).toEqual(['web']);
  });

  it('never deploys an older commit over a newer one (CI runs can finish out of order)', async () => {
    const older = repo.commit({ 'api/src/index.ts': 'export const v = 1;' });
    const newer = repo.commit({
      'api/src/index.ts': 'export const v = 2;',
      'copilot/environments/x.yml': 'x',
    });
    deployed({ migrator: newer, api: newer, web: newer });

    const result = await plan(older);

    expect(await deploying(older)).toEqual([]);
    expect(result.api.reason).toBe(
      `already runs ${newer.slice(0, 7)}, which is newer than ${older.slice(0, 7)}`,
    );
  });

  it.each([
    ['all', ['environment', 'migrator', 'migrate', 'api', 'web']],
    ['environment', ['environment']],
    ['migrations', ['migrate']],
    ['migrator', ['migrator', 'migrate']],
  ] as const)('deploys exactly what a manual run asks for: %s', async (target, steps) => {
    expect(await deploying(base, target)).toEqual(steps);
    expect(cfn.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['api', 'SUCCEEDED', ['api']],
    ['web', 'SUCCEEDED', ['web']],
    ['api', 'FAILED', ['migrate', 'api']],
    ['web', 'FAILED', ['migrate', 'web']],
  ] as const)(
    'a manual %s deploy whose latest migration run %s deploys %j',
    async (target, status, steps) => {
      deployed({});
      lastMigration(status);
      expect(await deploying(base, target)).toEqual(steps);
    },
  );
});
