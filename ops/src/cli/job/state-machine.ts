import {
  type CloudFormationClient,
  DescribeStackResourcesCommand,
  type StackResource,
} from '@aws-sdk/client-cloudformation';
import { CliError } from '../shared/cli-error.js';
import { workloadStackName } from '../shared/copilot-names.js';
import { isMissingStackError } from '../shared/stacks.js';

export interface JobRef {
  app: string;
  env: string;
  job: string;
}

/** The job's Step Functions state machine, found the way `copilot job run` finds it (jobrunner.go). */
export async function findJobStateMachine(
  cloudFormation: CloudFormationClient,
  ref: JobRef,
): Promise<string> {
  const stackName = workloadStackName(ref.app, ref.env, ref.job);
  const resources = await describeResources(cloudFormation, stackName, ref);
  const stateMachine = resources.find(
    (resource) => resource.ResourceType === 'AWS::StepFunctions::StateMachine',
  );
  if (!stateMachine?.PhysicalResourceId) {
    throw new CliError(
      `Stack ${stackName} has no AWS::StepFunctions::StateMachine: is "${ref.job}" a Scheduled Job?`,
    );
  }
  return stateMachine.PhysicalResourceId;
}

async function describeResources(
  cloudFormation: CloudFormationClient,
  stackName: string,
  ref: JobRef,
): Promise<StackResource[]> {
  try {
    const { StackResources } = await cloudFormation.send(
      new DescribeStackResourcesCommand({ StackName: stackName }),
    );
    return StackResources ?? [];
  } catch (error) {
    if (!isMissingStackError(error)) throw error;
    throw new CliError(
      `Stack ${stackName} does not exist: job "${ref.job}" is not deployed to environment "${ref.env}" ` +
        `(run \`copilot job deploy --name ${ref.job} --env ${ref.env}\` first).`,
    );
  }
}
