import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type ExecutionListItem, paginateListExecutions, type SFNClient } from '@aws-sdk/client-sfn';
import { CliError } from '../shared/cli-error.js';
import type { Clock } from '../shared/clock.js';
import type { Output } from '../shared/output.js';
import { followExecution } from './execution.js';
import { findJobStateMachine, type JobRef } from './state-machine.js';

export interface WaitJobOptions extends JobRef {
  /** The execution to follow, as `run-job --no-wait` printed it: the one this run started, whatever else runs. */
  execution?: string;
  /** Without `execution`: executions started before this instant belong to someone else. */
  since?: Date;
  timeoutMs: number;
  intervalMs: number;
  /** How long to keep looking for the execution to appear (ListExecutions is eventually consistent). */
  startTimeoutMs: number;
}

export interface JobDeps {
  cloudFormation: CloudFormationClient;
  stepFunctions: SFNClient;
  clock: Clock;
  output: Output;
}

/**
 * `copilot job run` starts the job's state machine and exits 0 without waiting (issue #5721). This finds the
 * execution it started and waits for its result.
 */
export async function waitJob(options: WaitJobOptions, deps: JobDeps): Promise<void> {
  const { clock, output } = deps;
  const deadline = new Date(clock.now().getTime() + options.timeoutMs);
  const stateMachineArn = await findJobStateMachine(deps.cloudFormation, options);
  let executionArn: string;
  if (options.execution !== undefined) {
    // An execution ARN is the state machine's ARN with `stateMachine` → `execution` and the run's name appended.
    const ofThisJob = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:`;
    if (!options.execution.startsWith(ofThisJob))
      throw new CliError(`${options.execution} is not an execution of ${stateMachineArn}.`);
    executionArn = options.execution;
    output.err(`Waiting for ${executionArn}`);
  } else if (options.since !== undefined) {
    output.err(
      `Looking for an execution of ${stateMachineArn} started at or after ${options.since.toISOString()}`,
    );
    const execution = await findExecutionSince(deps, stateMachineArn, { ...options, since: options.since });
    executionArn = execution.executionArn as string;
    output.err(`Waiting for ${executionArn} (started ${execution.startDate?.toISOString()})`);
  } else {
    throw new CliError('Give --execution (as `run-job --no-wait` prints it) or --since.');
  }
  await followExecution(deps.stepFunctions, executionArn, options, {
    deadline,
    intervalMs: options.intervalMs,
    clock,
    output,
  });
}

async function findExecutionSince(
  deps: JobDeps,
  stateMachineArn: string,
  options: WaitJobOptions & { since: Date },
): Promise<ExecutionListItem> {
  const giveUpAt = deps.clock.now().getTime() + options.startTimeoutMs;
  for (;;) {
    const started = await executionsStartedSince(deps.stepFunctions, stateMachineArn, options.since);
    const newest = started[0];
    if (newest) {
      if (started.length > 1) {
        deps.output.err(`${started.length} executions started since then; following the newest.`);
      }
      return newest;
    }
    if (deps.clock.now().getTime() >= giveUpAt) {
      throw new CliError(
        `No execution of ${stateMachineArn} started at or after ${options.since.toISOString()}: ` +
          'the job did not start (did `copilot job run` fail, or is --since later than the run?).',
      );
    }
    await deps.clock.sleep(Math.min(options.intervalMs, 5_000));
  }
}

/** ListExecutions returns newest first, so reading stops at the first execution older than `since`. */
async function executionsStartedSince(
  stepFunctions: SFNClient,
  stateMachineArn: string,
  since: Date,
): Promise<ExecutionListItem[]> {
  const found: ExecutionListItem[] = [];
  for await (const page of paginateListExecutions({ client: stepFunctions }, { stateMachineArn })) {
    for (const execution of page.executions ?? []) {
      if (!execution.startDate || execution.startDate < since) return sortNewestFirst(found);
      found.push(execution);
    }
  }
  return sortNewestFirst(found);
}

function sortNewestFirst(executions: ExecutionListItem[]): ExecutionListItem[] {
  return executions.sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
}
