import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { CliError } from '../shared/cli-error.js';
import type { Clock } from '../shared/clock.js';
import { arnRegion, executionConsoleUrl, logGroupConsoleUrl } from '../shared/console-links.js';
import { workloadLogGroup } from '../shared/copilot-names.js';
import { formatDuration } from '../shared/duration.js';
import type { Output } from '../shared/output.js';
import type { JobRef } from './state-machine.js';

/** PENDING_REDRIVE: a redriven execution about to run again; still in flight. */
const IN_FLIGHT = new Set(['RUNNING', 'PENDING_REDRIVE']);
/** A progress line at most this often, so a 15-minute migration does not print hundreds of lines. */
const PROGRESS_EVERY_MS = 60_000;

export interface PollOptions {
  deadline: Date;
  intervalMs: number;
  clock: Clock;
  output: Output;
}

export type FinishedExecution = DescribeExecutionCommandOutput;

/**
 * Polls DescribeExecution until the execution leaves RUNNING. On the deadline it throws and leaves the
 * execution alone: stopping a migration half-way is worse than letting its own timeout end it.
 */
export async function waitForExecution(
  stepFunctions: SFNClient,
  executionArn: string,
  { deadline, intervalMs, clock, output }: PollOptions,
): Promise<FinishedExecution> {
  const waitStarted = clock.now().getTime();
  let lastProgress = waitStarted;
  for (;;) {
    const execution = await stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
    const status = execution.status ?? 'UNKNOWN';
    if (!IN_FLIGHT.has(status)) return { ...execution, executionArn: execution.executionArn ?? executionArn };

    const now = clock.now().getTime();
    if (now >= deadline.getTime()) {
      throw new CliError(
        `Timed out after ${formatDuration(now - waitStarted)}: execution is still ${status} and was not stopped.\n` +
          `  Execution: ${executionArn}\n  Console:   ${executionConsoleUrl(executionArn)}`,
      );
    }
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      output.err(`… still ${status} after ${formatDuration(now - waitStarted)}`);
      lastProgress = now;
    }
    await clock.sleep(Math.min(intervalMs, Math.max(0, deadline.getTime() - now)));
  }
}

export interface ReportContext {
  logGroup: string;
  output: Output;
}

/** Prints the outcome and where to look; throws a CliError unless the execution SUCCEEDED. */
export function reportExecution(execution: FinishedExecution, { logGroup, output }: ReportContext): void {
  const arn = execution.executionArn as string;
  const region = arnRegion(arn);
  const took =
    execution.startDate && execution.stopDate
      ? ` in ${formatDuration(execution.stopDate.getTime() - execution.startDate.getTime())}`
      : '';
  output.out(`Execution ${execution.status}${took}`);
  output.out(`  Execution: ${arn}`);
  output.out(`  Console:   ${executionConsoleUrl(arn)}`);
  output.out(`  Logs:      CloudWatch log group ${logGroup}`);
  output.out(`             ${logGroupConsoleUrl(region, logGroup)}`);
  if (execution.status === 'SUCCEEDED') return;
  if (execution.error) output.out(`  Error:     ${execution.error}`);
  if (execution.cause) output.out(`  Cause:     ${execution.cause}`);
  throw new CliError(`Job execution ended ${execution.status}.`);
}

/** Waits for one execution of the job until the deadline, then reports it with the job's log group. */
export async function followExecution(
  stepFunctions: SFNClient,
  executionArn: string,
  job: JobRef,
  poll: PollOptions,
): Promise<void> {
  const finished = await waitForExecution(stepFunctions, executionArn, poll);
  reportExecution(finished, { logGroup: workloadLogGroup(job.app, job.env, job.job), output: poll.output });
}
