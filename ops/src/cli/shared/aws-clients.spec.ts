import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from '@jest/globals';
import { environmentUrl } from '../url/environment-url.js';
import { createAwsClients, jitteredBackoff } from './aws-clients.js';

// The SDK's retry middleware is what runs in production, so these tests talk HTTP to a local stand-in for
// the AWS endpoints (aws-sdk-client-mock replaces `send` and would bypass retries altogether).
type Reply = { status: number; body: string; contentType: string };
const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const cfnThrottling: Reply = {
  status: 400,
  contentType: 'text/xml',
  body: `<ErrorResponse xmlns="${CFN_NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
};
const cfnValidationError: Reply = {
  status: 400,
  contentType: 'text/xml',
  body: `<ErrorResponse xmlns="${CFN_NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id iac-experiment-production does not exist</Message></Error><RequestId>r2</RequestId></ErrorResponse>`,
};
const cfnEnvironmentStack: Reply = {
  status: 200,
  contentType: 'text/xml',
  body: `<DescribeStacksResponse xmlns="${CFN_NS}"><DescribeStacksResult><Stacks><member>
    <StackName>iac-experiment-production</StackName><StackId>arn:aws:cloudformation:eu-west-1:111122223333:stack/iac-experiment-production/1</StackId>
    <StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-11-01T10:00:00.000Z</CreationTime>
    <Outputs><member><OutputKey>PublicLoadBalancerDNSName</OutputKey><OutputValue>alb.example.com</OutputValue></member></Outputs>
  </member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></DescribeStacksResponse>`,
};
const sfnThrottling: Reply = {
  status: 400,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
};
const sfnExecution: Reply = {
  status: 200,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify({
    executionArn: 'arn:aws:states:eu-west-1:1:execution:sm:e1',
    status: 'SUCCEEDED',
    startDate: 1.7e9,
  }),
};

describe('createAwsClients retries', () => {
  let server: Server | undefined;
  const requests: string[] = [];

  async function serve(replies: Reply[]): Promise<string> {
    requests.length = 0;
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        requests.push(String(request.headers['x-amz-target'] ?? request.method));
        const reply = replies[Math.min(requests.length - 1, replies.length - 1)] as Reply;
        response.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const clientsFor = (endpoint: string, maxAttempts = 5) =>
    createAwsClients({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts,
      backoffMs: () => 0,
    });

  afterEach(async () => {
    server?.close();
    if (server) await once(server, 'close');
    server = undefined;
  });

  it('retries a throttled CloudFormation call and then succeeds', async () => {
    const endpoint = await serve([cfnThrottling, cfnThrottling, cfnEnvironmentStack]);

    const url = await environmentUrl(clientsFor(endpoint).cloudFormation, 'iac-experiment', 'production');

    expect(url).toBe('http://alb.example.com');
    expect(requests).toHaveLength(3);
  });

  it('retries a throttled Step Functions call and then succeeds', async () => {
    const endpoint = await serve([sfnThrottling, sfnExecution]);

    const execution = await clientsFor(endpoint).stepFunctions.send(
      new DescribeExecutionCommand({ executionArn: 'arn:aws:states:eu-west-1:1:execution:sm:e1' }),
    );

    expect(execution.status).toBe('SUCCEEDED');
    expect(requests).toEqual(['AWSStepFunctions.DescribeExecution', 'AWSStepFunctions.DescribeExecution']);
  });

  it('gives up after the configured number of attempts', async () => {
    const endpoint = await serve([cfnThrottling]);

    await expect(
      clientsFor(endpoint, 3).cloudFormation.send(
        new DescribeStacksCommand({ StackName: 'iac-experiment-production' }),
      ),
    ).rejects.toMatchObject({ name: 'Throttling' });
    expect(requests).toHaveLength(3);
  });

  it('does not retry an error that is not transient', async () => {
    const endpoint = await serve([cfnValidationError, cfnEnvironmentStack]);

    await expect(
      environmentUrl(clientsFor(endpoint).cloudFormation, 'iac-experiment', 'production'),
    ).rejects.toThrow('Stack iac-experiment-production does not exist.');
    expect(requests).toHaveLength(1);
  });

  it('backs off exponentially with jitter, capped at 20 seconds', () => {
    const samples = (attempt: number) => Array.from({ length: 200 }, () => jitteredBackoff(attempt));
    expect(Math.max(...samples(1))).toBeLessThan(1_000);
    expect(Math.max(...samples(3))).toBeLessThan(4_000);
    expect(Math.max(...samples(3))).toBeGreaterThan(1_000);
    expect(Math.max(...samples(12))).toBeLessThanOrEqual(20_000);
    expect(Math.min(...samples(2))).toBeGreaterThanOrEqual(0);
  });
});
