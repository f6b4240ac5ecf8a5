import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { workloadLogGroup } from '../shared/copilot-names.js';
import { reportExecution, waitForExecution } from './execution.js';
import { findJobStateMachine, type JobRef } from './state-machine.js';
import type { JobDeps } from './wait-job.js';

export interface RunJobOptions extends JobRef {
  timeoutMs: number;
  intervalMs: number;
}

/** Fallback for `copilot job run` + `wait-job` when the copilot binary is unavailable: start, then wait. */
export async function runJob(options: RunJobOptions, deps: JobDeps): Promise<void> {
  const { clock, output } = deps;
  const deadline = new Date(clock.now().getTime() + options.timeoutMs);
  const stateMachineArn = await findJobStateMachine(deps.cloudFormation, options);
  const started = await deps.stepFunctions.send(new StartExecutionCommand({ stateMachineArn }));
  const executionArn = started.executionArn as string;
  output.err(`Started ${executionArn}`);
  const finished = await waitForExecution(deps.stepFunctions, executionArn, {
    deadline,
    intervalMs: options.intervalMs,
    clock,
    output,
  });
  reportExecution(finished, { logGroup: workloadLogGroup(options.app, options.env, options.job), output });
}
