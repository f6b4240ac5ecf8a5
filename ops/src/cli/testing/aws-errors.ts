import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';

/** The error CloudFormation returns for a stack name it does not know. */
export function missingStackError(stackName: string): CloudFormationServiceException {
  return new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `Stack with id ${stackName} does not exist`,
  });
}
