import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { missingStackError } from '../testing/aws-errors.js';
import { environmentUrl } from './environment-url.js';

const outputs = (entries: Record<string, string>) =>
  Object.entries(entries).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

describe('environmentUrl', () => {
  const cfn = mockClient(CloudFormationClient);
  const url = () => environmentUrl(new CloudFormationClient({}), 'iac-experiment', 'production');

  beforeEach(() => {
    cfn.reset();
  });

  it("returns the public ALB's DNS name over HTTP, read from the environment stack", async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'iac-experiment-production' }).resolves({
      Stacks: [
        {
          StackName: 'iac-experiment-production',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: outputs({
            VpcId: 'vpc-1',
            PublicLoadBalancerDNSName: 'iac-e-Publi-abc-123.eu-west-1.elb.amazonaws.com',
            PublicLoadBalancerFullName: 'app/iac-e-Publi-abc/123',
          }),
        },
      ],
    });

    await expect(url()).resolves.toBe('http://iac-e-Publi-abc-123.eu-west-1.elb.amazonaws.com');
  });

  it('uses CloudFront when the ALB only accepts traffic from it', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'iac-experiment-production',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: outputs({
            PublicLoadBalancerDNSName: 'alb.example',
            PublicALBAccessible: 'false',
            CloudFrontDomainName: 'd111111abcdef8.cloudfront.net',
          }),
        },
      ],
    });

    await expect(url()).resolves.toBe('https://d111111abcdef8.cloudfront.net');
  });

  it('explains that the ALB only exists once a web service is deployed', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'iac-experiment-production',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [],
        },
      ],
    });

    await expect(url()).rejects.toThrow(/has no PublicLoadBalancerDNSName output/);
  });

  it('reports a missing environment stack', async () => {
    cfn.on(DescribeStacksCommand).rejects(missingStackError('iac-experiment-production'));

    await expect(url()).rejects.toThrow(
      /^Stack iac-experiment-production does not exist\. Create and deploy/,
    );
  });
});
