import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { missingStackError } from '../testing/aws-errors.js';
import { CapturedOutput } from '../testing/captured-output.js';
import { FakeClock } from '../testing/fake-clock.js';
import { runJob } from './run-job.js';

const SM_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:iac-experiment-production-migrator';
const EXEC_ARN = 'arn:aws:states:us-east-1:111122223333:execution:iac-experiment-production-migrator:run-1';

describe('runJob', () => {
  const cfn = mockClient(CloudFormationClient);
  const sfn = mockClient(SFNClient);
  let output: CapturedOutput;

  const run = (wait?: boolean) =>
    runJob(
      {
        app: 'iac-experiment',
        env: 'production',
        job: 'migrator',
        timeoutMs: 60_000,
        intervalMs: 5_000,
        wait,
      },
      {
        cloudFormation: new CloudFormationClient({}),
        stepFunctions: new SFNClient({}),
        clock: new FakeClock(),
        output,
      },
    );

  beforeEach(() => {
    cfn.reset();
    sfn.reset();
    output = new CapturedOutput();
    cfn.on(DescribeStackResourcesCommand).resolves({
      StackResources: [
        { ResourceType: 'AWS::StepFunctions::StateMachine', PhysicalResourceId: SM_ARN } as never,
      ],
    });
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC_ARN, startDate: new Date() });
  });

  it('starts the state machine itself and waits for that execution', async () => {
    sfn
      .on(DescribeExecutionCommand, { executionArn: EXEC_ARN })
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({ status: 'SUCCEEDED', executionArn: EXEC_ARN } as never);

    await run();

    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({ stateMachineArn: SM_ARN });
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(2);
    expect(output.stdout.slice(0, 2)).toEqual([EXEC_ARN, 'Execution SUCCEEDED']);
  });

  it('with wait: false, starts it and prints the execution ARN for wait-job --execution, without polling', async () => {
    await run(false);

    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
    expect(output.stdout).toEqual([EXEC_ARN]);
  });

  it('exits non-zero when the execution fails', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'FAILED', executionArn: EXEC_ARN, error: 'States.TaskFailed' } as never);

    await expect(run()).rejects.toThrow('Job execution ended FAILED.');
  });

  it('starts nothing when the job stack is missing', async () => {
    cfn.on(DescribeStackResourcesCommand).rejects(missingStackError('iac-experiment-production-migrator'));

    await expect(run()).rejects.toThrow(/does not exist: job "migrator" is not deployed/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});
