import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type CopilotProject,
  type Environment,
  loadCopilotProject,
  parseFailures,
} from '../infra/copilot-project.js';
import { formatProblem } from '../infra/problem.js';
import { createCertificates } from './certificates.js';
import { FIXTURE_ACCOUNT, FIXTURE_REGION, type RenderFixture } from './fixture.js';
import { startStandIn } from './stand-in.js';

const run = promisify(execFile);

export interface StackToRender {
  /** `environment` or a workload's directory name under copilot/. */
  name: string;
  kind: 'environment' | 'service' | 'job';
}

export interface StackResult {
  stack: StackToRender;
  ok: boolean;
  /** Copilot's own output: on failure, its error. */
  output: string;
}

export interface RenderResult {
  stacks: StackResult[];
  /** Every AWS call the stand-in answered, e.g. `sts:AssumeRole`, with counts. */
  calls: Record<string, number>;
  unknownCalls: string[];
}

/** The files of one rendered stack under the output directory: `<out>/<stack>/template.yml`, … */
export const RENDERED_FILES = {
  template: 'template.yml',
  params: 'params.json',
  addons: 'addons.yml',
} as const;

/** copilot/ through the one reader; a file it cannot parse stops the render before Copilot runs. */
function readProject(workspaceDir: string): CopilotProject {
  const { project, problems } = loadCopilotProject(workspaceDir);
  const unreadable = parseFailures(problems);
  if (unreadable.length > 0) throw new Error(unreadable.map(formatProblem).join('\n'));
  return project;
}

/** The workspace's stacks: the environment, then every workload (Load Balanced Web Service → svc, jobs → job). */
export function stacksOf(workspaceDir: string): StackToRender[] {
  const workloads = readProject(workspaceDir).workloads.map(
    ({ dirName, manifest }): StackToRender => ({
      name: dirName,
      kind: manifest.data?.type === 'Scheduled Job' ? 'job' : 'service',
    }),
  );
  return [{ name: 'environment', kind: 'environment' }, ...workloads];
}

export function fixtureFor(workspaceDir: string, envVersion: string): RenderFixture {
  const project = readProject(workspaceDir);
  const app = String((project.workspace?.data as { application?: unknown } | undefined)?.application);
  const envs = project.environments;
  if (envs.length !== 1)
    throw new Error(
      `expected exactly one environment under copilot/environments, found ${envs.map((env) => env.dirName).join(', ')}`,
    );
  const [env] = envs as [Environment];
  return {
    app,
    env: env.dirName,
    region: FIXTURE_REGION,
    account: FIXTURE_ACCOUNT,
    envVersion,
    envManifest: env.manifest.text,
    workloads: stacksOf(workspaceDir)
      .filter((stack) => stack.kind !== 'environment')
      .map((stack) => stack.name),
  };
}

/**
 * Runs `copilot env|svc|job package` for every stack against the stand-in AWS, writing each stack's template,
 * parameters and addons template to `<outDir>/<stack>/`. Must run inside a network namespace with only loopback
 * (see network-namespace.ts): the stand-in is the only thing copilot can reach.
 */
export async function renderStacks(options: {
  copilot: string;
  workspaceDir: string;
  outDir: string;
  stacks: StackToRender[];
  version: string;
}): Promise<RenderResult> {
  const fixture = fixtureFor(options.workspaceDir, options.version);
  const scratch = mkdtempSync(join(tmpdir(), 'copilot-render-'));
  const standIn = await startStandIn(fixture, createCertificates(scratch));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: scratch,
    AWS_ACCESS_KEY_ID: 'AKIAOFFLINERENDER000',
    AWS_SECRET_ACCESS_KEY: 'offline-render-not-a-secret',
    AWS_REGION: fixture.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CA_BUNDLE: join(scratch, 'ca.pem'),
    AWS_CONFIG_FILE: join(scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-aws-credentials'),
    HTTPS_PROXY: standIn.proxyUrl,
    HTTP_PROXY: standIn.proxyUrl,
  };
  try {
    const stacks = await Promise.all(
      options.stacks.map(async (stack): Promise<StackResult> => {
        const raw = join(scratch, 'out', stack.name);
        const args =
          stack.kind === 'environment'
            ? ['env', 'package', '--name', fixture.env]
            : [stack.kind === 'job' ? 'job' : 'svc', 'package', '--name', stack.name, '--env', fixture.env];
        try {
          const { stdout, stderr } = await run(
            options.copilot,
            [...args, '--app', fixture.app, '--output-dir', raw],
            { cwd: options.workspaceDir, env, timeout: 120_000 },
          );
          collect(stack, fixture, raw, join(options.outDir, stack.name));
          return { stack, ok: true, output: `${stdout}${stderr}` };
        } catch (error) {
          const failure = error as { stdout?: string; stderr?: string; message: string };
          return { stack, ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? failure.message}` };
        }
      }),
    );
    const calls: Record<string, number> = {};
    for (const call of standIn.calls) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
    return { stacks, calls, unknownCalls: [...standIn.unknown] };
  } finally {
    await standIn.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Moves copilot's own file names (`api-production.stack.yml`, `production.env.yml`, …) to the fixed layout. */
function collect(stack: StackToRender, fixture: RenderFixture, raw: string, target: string): void {
  const names =
    stack.kind === 'environment'
      ? {
          template: `${fixture.env}.env.yml`,
          params: `${fixture.env}.env.params.json`,
          addons: 'env.addons.yml',
        }
      : {
          template: `${stack.name}-${fixture.env}.stack.yml`,
          params: `${stack.name}-${fixture.env}.params.json`,
          addons: `${stack.name}.addons.stack.yml`,
        };
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const key of ['template', 'params', 'addons'] as const) {
    const from = join(raw, names[key]);
    if (existsSync(from)) copyFileSync(from, join(target, RENDERED_FILES[key]));
    else if (key !== 'addons') throw new Error(`copilot wrote no ${names[key]} for ${stack.name}`);
  }
}
