import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { CliError } from './cli-error.js';

/** CloudFormation reports an unknown stack as a generic ValidationError; the message is the only tell. */
export function isMissingStackError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/i.test(error.message);
}

/** The stack, or undefined when it does not exist. Every other error propagates. */
export async function findStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0];
  } catch (error) {
    if (isMissingStackError(error)) return undefined;
    throw error;
  }
}

export async function getStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
  hint: string,
): Promise<Stack> {
  const stack = await findStack(cloudFormation, stackName);
  if (!stack) throw new CliError(`Stack ${stackName} does not exist. ${hint}`);
  return stack;
}

export function stackOutputs(stack: Stack): Map<string, string> {
  return new Map(
    (stack.Outputs ?? []).flatMap((output) =>
      output.OutputKey && output.OutputValue !== undefined ? [[output.OutputKey, output.OutputValue]] : [],
    ),
  );
}

export function stackParameter(stack: Stack, key: string): string | undefined {
  return stack.Parameters?.find((parameter) => parameter.ParameterKey === key)?.ParameterValue;
}
