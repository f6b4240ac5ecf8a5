import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type ExecutionListItem, ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { findJobStateMachine, type JobRef } from './state-machine.js';

/** The job's most recent execution, whatever its status; undefined when the job has never run. */
export async function latestJobExecution(
  cloudFormation: CloudFormationClient,
  stepFunctions: SFNClient,
  ref: JobRef,
): Promise<ExecutionListItem | undefined> {
  const stateMachineArn = await findJobStateMachine(cloudFormation, ref);
  // ListExecutions returns the most recently started execution first.
  const { executions } = await stepFunctions.send(
    new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }),
  );
  return executions?.[0];
}
