import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CliError } from '../shared/cli-error.js';
import { missingStackError } from '../testing/aws-errors.js';
import { CapturedOutput } from '../testing/captured-output.js';
import { FakeClock } from '../testing/fake-clock.js';
import { waitJob } from './wait-job.js';

const STACK = 'iac-experiment-production-migrator';
const SM_ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:iac-experiment-production-migrator';
const execArn = (name: string) =>
  `arn:aws:states:eu-west-1:111122223333:execution:iac-experiment-production-migrator:${name}`;

describe('waitJob', () => {
  const cfn = mockClient(CloudFormationClient);
  const sfn = mockClient(SFNClient);
  let clock: FakeClock;
  let output: CapturedOutput;
  let since: Date;

  const run = (overrides: Partial<Parameters<typeof waitJob>[0]> = {}) =>
    waitJob(
      {
        app: 'iac-experiment',
        env: 'production',
        job: 'migrator',
        since,
        timeoutMs: 20 * 60_000,
        intervalMs: 10_000,
        startTimeoutMs: 60_000,
        ...overrides,
      },
      { cloudFormation: new CloudFormationClient({}), stepFunctions: new SFNClient({}), clock, output },
    );

  beforeEach(() => {
    cfn.reset();
    sfn.reset();
    clock = new FakeClock();
    output = new CapturedOutput();
    since = clock.now();
    cfn.on(DescribeStackResourcesCommand, { StackName: STACK }).resolves({
      StackResources: [
        { LogicalResourceId: 'TaskDefinition', ResourceType: 'AWS::ECS::TaskDefinition' } as never,
        {
          LogicalResourceId: 'StateMachine',
          ResourceType: 'AWS::StepFunctions::StateMachine',
          PhysicalResourceId: SM_ARN,
        } as never,
      ],
    });
  });

  it('follows the execution started since --since, polls until it succeeds, and says where the logs are', async () => {
    sfn.on(ListExecutionsCommand, { stateMachineArn: SM_ARN }).resolves({
      executions: [
        {
          executionArn: execArn('new'),
          startDate: new Date(since.getTime() + 2_000),
          status: 'RUNNING',
        } as never,
        {
          executionArn: execArn('old'),
          startDate: new Date(since.getTime() - 3_600_000),
          status: 'FAILED',
        } as never,
      ],
    });
    sfn
      .on(DescribeExecutionCommand, { executionArn: execArn('new') })
      .resolvesOnce({ status: 'RUNNING', executionArn: execArn('new') } as never)
      .resolvesOnce({ status: 'RUNNING', executionArn: execArn('new') } as never)
      .resolves({
        status: 'SUCCEEDED',
        executionArn: execArn('new'),
        startDate: new Date(since.getTime() + 2_000),
        stopDate: new Date(since.getTime() + 44_000),
      } as never);

    await run();

    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(3);
    expect(clock.sleeps).toEqual([10_000, 10_000]);
    expect(output.stdout[0]).toBe('Execution SUCCEEDED in 42s');
    expect(output.all).toContain('CloudWatch log group /copilot/iac-experiment-production-migrator');
    expect(output.all).toContain(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fcopilot$252Fiac-experiment-production-migrator',
    );
    expect(output.all).toContain(
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${execArn('new')}`,
    );
  });

  it('fails with the execution error and cause when the migration FAILED', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: execArn('bad'), startDate: since, status: 'FAILED' } as never],
    });
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      executionArn: execArn('bad'),
      error: 'States.TaskFailed',
      cause: '{"StoppedReason":"Essential container in task exited","Containers":[{"ExitCode":1}]}',
    } as never);

    await expect(run()).rejects.toThrow(new CliError('Job execution ended FAILED.'));
    expect(output.all).toContain('Error:     States.TaskFailed');
    expect(output.all).toContain('Essential container in task exited');
  });

  it.each(['TIMED_OUT', 'ABORTED'])('fails when the execution ended %s', async (status) => {
    sfn
      .on(ListExecutionsCommand)
      .resolves({ executions: [{ executionArn: execArn('x'), startDate: since } as never] });
    sfn.on(DescribeExecutionCommand).resolves({ status, executionArn: execArn('x') } as never);

    await expect(run()).rejects.toThrow(`Job execution ended ${status}.`);
  });

  it('times out while the execution is still running, and does not stop it', async () => {
    sfn
      .on(ListExecutionsCommand)
      .resolves({ executions: [{ executionArn: execArn('slow'), startDate: since } as never] });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', executionArn: execArn('slow') } as never);

    const failure = run({ timeoutMs: 5 * 60_000, intervalMs: 30_000 });

    await expect(failure).rejects.toThrow(
      /Timed out after 5m00s: execution is still RUNNING and was not stopped/,
    );
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(11);
    expect(clock.now().getTime() - since.getTime()).toBe(5 * 60_000);
    expect(output.stderr.filter((line) => line.startsWith('… still RUNNING'))).toHaveLength(4);
  });

  it('fails when no execution started since --since, after looking for --start-timeout', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: execArn('yesterday'), startDate: new Date(since.getTime() - 86_400_000) } as never,
      ],
    });

    await expect(run({ startTimeoutMs: 20_000 })).rejects.toThrow(
      /No execution of .*stateMachine:iac-experiment-production-migrator started at or after 2026-11-01T12:00:00.000Z/,
    );
    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(5);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('keeps looking while ListExecutions has not caught up with the new execution yet', async () => {
    sfn
      .on(ListExecutionsCommand)
      .resolvesOnce({ executions: [] })
      .resolves({
        executions: [
          { executionArn: execArn('late'), startDate: new Date(since.getTime() + 1_000) } as never,
        ],
      });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'SUCCEEDED', executionArn: execArn('late') } as never);

    await run();

    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(2);
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: execArn('late'),
    });
  });

  it('reads further pages of executions and follows the newest one started since --since', async () => {
    sfn
      .on(ListExecutionsCommand, { stateMachineArn: SM_ARN, nextToken: undefined })
      .resolves({
        executions: [{ executionArn: execArn('b'), startDate: new Date(since.getTime() + 5_000) } as never],
        nextToken: 'page-2',
      })
      .on(ListExecutionsCommand, { stateMachineArn: SM_ARN, nextToken: 'page-2' })
      .resolves({
        executions: [
          { executionArn: execArn('c'), startDate: new Date(since.getTime() + 9_000) } as never,
          { executionArn: execArn('a'), startDate: new Date(since.getTime() - 1) } as never,
        ],
        nextToken: 'page-3',
      });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', executionArn: execArn('c') } as never);

    await run();

    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(2);
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: execArn('c'),
    });
    expect(output.stderr).toContain('2 executions started since then; following the newest.');
  });

  it('with --execution, follows exactly that execution even when a newer one started since', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: execArn('someone-else'), startDate: new Date(since.getTime() + 5_000) } as never,
        { executionArn: execArn('ours'), startDate: new Date(since.getTime() + 1_000) } as never,
      ],
    });
    sfn
      .on(DescribeExecutionCommand, { executionArn: execArn('ours') })
      .resolves({ status: 'SUCCEEDED', executionArn: execArn('ours') } as never);
    sfn
      .on(DescribeExecutionCommand, { executionArn: execArn('someone-else') })
      .resolves({ status: 'FAILED', executionArn: execArn('someone-else') } as never);

    await run({ execution: execArn('ours'), since: undefined });

    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(0);
    expect(sfn.commandCalls(DescribeExecutionCommand).map((call) => call.args[0].input.executionArn)).toEqual(
      [execArn('ours')],
    );
  });

  it('rejects an --execution of another state machine', async () => {
    const other = 'arn:aws:states:eu-west-1:111122223333:execution:iac-experiment-production-other:x';

    await expect(run({ execution: other, since: undefined })).rejects.toThrow(
      `${other} is not an execution of ${SM_ARN}.`,
    );
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('explains a missing job stack', async () => {
    cfn.on(DescribeStackResourcesCommand).rejects(missingStackError(STACK));

    await expect(run()).rejects.toThrow(
      new CliError(
        'Stack iac-experiment-production-migrator does not exist: job "migrator" is not deployed to environment ' +
          '"production" (run `copilot job deploy --name migrator --env production` first).',
      ),
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('rejects a stack without a state machine', async () => {
    cfn.on(DescribeStackResourcesCommand).resolves({
      StackResources: [{ ResourceType: 'AWS::ECS::Service', LogicalResourceId: 'Service' } as never],
    });

    await expect(run()).rejects.toThrow(/has no AWS::StepFunctions::StateMachine/);
  });

  it('passes other CloudFormation errors through unchanged', async () => {
    const denied = new CloudFormationServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: {},
      message: 'not authorized to perform cloudformation:DescribeStackResources',
    });
    cfn.on(DescribeStackResourcesCommand).rejects(denied);

    await expect(run()).rejects.toBe(denied);
  });
});
