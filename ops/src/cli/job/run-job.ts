import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { followExecution } from './execution.js';
import { findJobStateMachine, type JobRef } from './state-machine.js';
import type { JobDeps } from './wait-job.js';

export interface RunJobOptions extends JobRef {
  timeoutMs: number;
  intervalMs: number;
  /** Start only: print the execution ARN (for `wait-job --execution`) and return. */
  wait?: boolean;
}

/**
 * Starts the job's state machine, as `copilot job run` does, but records which execution it started (printed on
 * stdout), then waits for that one; with `wait: false` it returns after starting (`wait-job --execution` follows).
 */
export async function runJob(options: RunJobOptions, deps: JobDeps): Promise<void> {
  const { clock, output } = deps;
  const deadline = new Date(clock.now().getTime() + options.timeoutMs);
  const stateMachineArn = await findJobStateMachine(deps.cloudFormation, options);
  const started = await deps.stepFunctions.send(new StartExecutionCommand({ stateMachineArn }));
  const executionArn = started.executionArn as string;
  output.err(`Started ${executionArn}`);
  output.out(executionArn);
  if (options.wait === false) return;
  await followExecution(deps.stepFunctions, executionArn, options, {
    deadline,
    intervalMs: options.intervalMs,
    clock,
    output,
  });
}
