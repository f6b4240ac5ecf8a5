import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { type CliDeps, runCli } from './program.js';
import type { AwsClientOptions } from './shared/aws-clients.js';
import { CapturedOutput } from './testing/captured-output.js';
import { FakeClock } from './testing/fake-clock.js';

describe('runCli', () => {
  const cfn = mockClient(CloudFormationClient);
  let output: CapturedOutput;
  let clientOptions: AwsClientOptions[];

  const cli = (...argv: string[]) => {
    const deps: CliDeps = {
      awsClients: (options) => {
        clientOptions.push(options);
        return { cloudFormation: new CloudFormationClient({}), stepFunctions: new SFNClient({}) };
      },
      clock: new FakeClock(),
      output,
      cwd: process.cwd(),
    };
    return runCli(argv, deps);
  };

  beforeEach(() => {
    cfn.reset();
    output = new CapturedOutput();
    clientOptions = [];
  });

  it('prints only the result on stdout, so `$(ops url ...)` captures the URL', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'iac-experiment-production',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'PublicLoadBalancerDNSName', OutputValue: 'alb.example.com' }],
        },
      ],
    });

    const code = await cli('--region', 'eu-west-1', 'url', '--app', 'iac-experiment', '--env', 'production');

    expect(code).toBe(0);
    expect(output.stdout).toEqual(['http://alb.example.com']);
    expect(clientOptions).toEqual([{ region: 'eu-west-1' }]);
  });

  it('exits 1 with one readable line when the command fails', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });

    const code = await cli('url', '--app', 'iac-experiment', '--env', 'production');

    expect(code).toBe(1);
    expect(output.stderr).toEqual([
      expect.stringMatching(/^error: Stack iac-experiment-production does not exist\./),
    ]);
  });

  it('exits 1 and names an unexpected AWS error', async () => {
    cfn.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'User is not authorized to perform: cloudformation:DescribeStacks',
      }),
    );

    expect(await cli('url', '--app', 'a', '--env', 'b')).toBe(1);
    expect(output.stderr).toEqual([
      'error: AccessDenied: User is not authorized to perform: cloudformation:DescribeStacks',
    ]);
  });

  it.each([
    [['url', '--app', 'iac-experiment'], /required option '--env <name>' not specified/],
    [
      ['wait-job', '--app', 'a', '--env', 'b', '--job', 'c', '--since', 'yesterday'],
      /--since "yesterday" is not an ISO 8601/,
    ],
    [['smoke', '--url', 'http://x', '--timeout', '5 minutes'], /"5 minutes" is not a duration/],
    [
      ['deploy-plan', '--app', 'a', '--env', 'b', '--head', 'abc', '--target', 'everything'],
      /Allowed choices are changed, all/,
    ],
    [['deploy'], /unknown command 'deploy'/],
  ])('exits 2 on a usage mistake: %j', async (argv, message) => {
    expect(await cli(...argv)).toBe(2);
    expect(output.stderr.join('\n')).toMatch(message);
    expect(clientOptions).toEqual([]);
  });

  it('exits 0 for --help', async () => {
    expect(await cli('wait-job', '--help')).toBe(0);
    expect(output.stdout.join('\n')).toContain('--since <iso-time>');
  });

  it('prints the inventory as JSON with --json', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'iac-experiment-production',
          StackId: 'arn:aws:cloudformation:eu-west-1:1:stack/iac-experiment-production/1',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Tags: [{ Key: 'copilot-application', Value: 'iac-experiment' }],
        },
      ],
    });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });

    expect(await cli('inventory', '--app', 'iac-experiment', '--json')).toBe(0);
    expect(JSON.parse(output.stdout.join('\n'))).toMatchObject({
      app: 'iac-experiment',
      env: null,
      resourceCount: 0,
      stacks: [{ name: 'iac-experiment-production', resources: [] }],
    });
  });
});
