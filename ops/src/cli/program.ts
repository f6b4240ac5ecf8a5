import { Command, CommanderError, Option } from 'commander';
import {
  planAsGithubOutputs,
  planAsText,
  planDeploy,
  TARGETS,
  type Target,
} from './deploy-plan/deploy-plan.js';
import { GitRepository } from './deploy-plan/git-repository.js';
import { collectInventory } from './inventory/inventory.js';
import { formatInventoryTable } from './inventory/inventory-table.js';
import { runJob } from './job/run-job.js';
import { waitJob } from './job/wait-job.js';
import type { AwsClientOptions, AwsClients } from './shared/aws-clients.js';
import { CliError } from './shared/cli-error.js';
import type { Clock } from './shared/clock.js';
import { parseDuration } from './shared/duration.js';
import type { Output } from './shared/output.js';
import { smoke } from './smoke/smoke.js';
import { environmentUrl } from './url/environment-url.js';

export interface CliDeps {
  awsClients(options: AwsClientOptions): AwsClients;
  clock: Clock;
  output: Output;
  fetch?: typeof fetch;
  cwd: string;
}

/** Usage mistakes exit 2, so a script can tell them from an operational failure (exit 1). */
export const USAGE_EXIT_CODE = 2;

function parseInstant(text: string): Date {
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime()))
    throw new CliError(`--since "${text}" is not an ISO 8601 time.`, USAGE_EXIT_CODE);
  return instant;
}

const appOption = () => new Option('--app <name>', 'Copilot application').makeOptionMandatory();
const envOption = () => new Option('--env <name>', 'Copilot environment').makeOptionMandatory();
const jobOption = () => new Option('--job <name>', 'Copilot Scheduled Job').makeOptionMandatory();
const timeoutOption = () =>
  new Option('--timeout <duration>', 'give up (without stopping the execution) after')
    .argParser(parseDuration)
    .default(30 * 60_000);
const intervalOption = () =>
  new Option('--interval <duration>', 'poll interval').argParser(parseDuration).default(10_000);

export function createProgram(deps: CliDeps): Command {
  const { output, clock } = deps;
  const program = new Command('ops')
    .description(
      'Deployment helpers for the iac-experiment Copilot app (used by .github/workflows/deploy.yml).',
    )
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.trimEnd()),
      writeErr: (text) => output.err(text.trimEnd()),
    })
    .showHelpAfterError();
  const clients = () => deps.awsClients({ region: program.opts<{ region?: string }>().region });

  program
    .command('wait-job')
    .description('Wait for a job execution; exit non-zero unless it SUCCEEDED.')
    .addOption(appOption())
    .addOption(envOption())
    .addOption(jobOption())
    .addOption(
      new Option('--execution <arn>', 'the execution to follow (as `run-job --no-wait` prints it)').conflicts(
        'since',
      ),
    )
    .option(
      '--since <iso-time>',
      'without --execution: the newest execution started at or after this instant',
      parseInstant,
    )
    .addOption(timeoutOption())
    .addOption(intervalOption())
    .option(
      '--start-timeout <duration>',
      'how long to wait for the execution to appear',
      parseDuration,
      60_000,
    )
    .action(async (options) => {
      const { cloudFormation, stepFunctions } = clients();
      await waitJob(
        {
          ...options,
          timeoutMs: options.timeout,
          intervalMs: options.interval,
          startTimeoutMs: options.startTimeout,
        },
        { cloudFormation, stepFunctions, clock, output },
      );
    });

  program
    .command('run-job')
    .description('Start a job execution, print its ARN, and wait for it; exit non-zero unless it SUCCEEDED.')
    .addOption(appOption())
    .addOption(envOption())
    .addOption(jobOption())
    .addOption(timeoutOption())
    .addOption(intervalOption())
    .option('--no-wait', 'only start it and print the execution ARN (for wait-job --execution)')
    .action(async (options) => {
      const { cloudFormation, stepFunctions } = clients();
      await runJob(
        { ...options, timeoutMs: options.timeout, intervalMs: options.interval },
        { cloudFormation, stepFunctions, clock, output },
      );
    });

  program
    .command('url')
    .description("Print the environment's public URL (from the environment stack's outputs).")
    .addOption(appOption())
    .addOption(envOption())
    .action(async (options) => {
      output.out(await environmentUrl(clients().cloudFormation, options.app, options.env));
    });

  program
    .command('smoke')
    .description('Check that / renders HTML and /api/health is healthy, retrying while a deployment settles.')
    .requiredOption('--url <url>', 'base URL, e.g. the output of `ops url`')
    .option('--timeout <duration>', 'total time budget', parseDuration, 5 * 60_000)
    .option('--interval <duration>', 'first pause between rounds (doubles, up to 30s)', parseDuration, 5_000)
    .option('--request-timeout <duration>', 'per request', parseDuration, 10_000)
    .action(async (options) => {
      await smoke(
        {
          baseUrl: options.url,
          timeoutMs: options.timeout,
          intervalMs: options.interval,
          maxIntervalMs: Math.max(options.interval, 30_000),
          requestTimeoutMs: options.requestTimeout,
        },
        { clock, output, fetch: deps.fetch },
      );
    });

  program
    .command('inventory')
    .description("List every resource of the app's CloudFormation stacks, by stack and type.")
    .addOption(appOption())
    .option('--env <name>', 'only this environment')
    .option('--json', 'print JSON instead of a table')
    .action(async (options) => {
      const inventory = await collectInventory(clients().cloudFormation, {
        app: options.app,
        env: options.env,
      });
      output.out(options.json ? JSON.stringify(inventory, null, 2) : formatInventoryTable(inventory));
    });

  program
    .command('deploy-plan')
    .description('Decide what a deploy run deploys; prints key=value lines for $GITHUB_OUTPUT.')
    .addOption(appOption())
    .addOption(envOption())
    .requiredOption('--head <sha>', 'the commit being deployed')
    .addOption(new Option('--target <target>', 'what to deploy').choices(TARGETS).default('changed'))
    .option('--repo <path>', 'repository root (full git history needed)', deps.cwd)
    .action(async (options) => {
      const { cloudFormation, stepFunctions } = clients();
      const plan = await planDeploy(
        { app: options.app, env: options.env, head: options.head, target: options.target as Target },
        { cloudFormation, stepFunctions, git: new GitRepository(options.repo) },
      );
      for (const line of planAsText(plan)) output.err(line);
      for (const line of planAsGithubOutputs(plan)) output.out(line);
    });

  return program;
}

/** Runs one command line and returns the process exit code; errors become one readable message. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  try {
    await createProgram(deps).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof CliError) {
      deps.output.err(`error: ${error.message}`);
      return error.exitCode;
    }
    const { name, message } = error as Error;
    deps.output.err(`error: ${name}: ${message}`);
    return 1;
  }
}
