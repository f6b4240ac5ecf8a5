import { describe, expect, it } from '@jest/globals';
import { answerAwsCall, UnknownAwsCall } from './aws-answers.js';
import type { RenderFixture } from './fixture.js';

const fixture: RenderFixture = {
  app: 'iac-experiment',
  env: 'production',
  region: 'us-east-1',
  account: '123456789012',
  envVersion: 'v1.34.1',
  envManifest: 'name: production\ntype: Environment\n',
  workloads: ['api', 'migrator', 'web'],
};
const call = (operation: string, params: Record<string, string> = {}) =>
  answerAwsCall(fixture, { host: 'x.us-east-1.amazonaws.com', operation, params });

describe('the stand-in AWS', () => {
  it('names every call it does not know instead of answering it', () => {
    expect(() => call('s3:PutObject', { Bucket: 'b' })).toThrow(
      new UnknownAwsCall('s3:PutObject {"Bucket":"b"}'),
    );
    expect(() => call('cloudformation:GetTemplate', { StackName: 'iac-experiment-production' })).toThrow(
      UnknownAwsCall,
    );
    expect(() => call('cloudformation:DescribeStacks', { StackName: 'someone-else' })).toThrow(
      'DescribeStacks of someone-else',
    );
    expect(() => call('sts:AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/Admin' })).toThrow(
      'AssumeRole of arn:aws:iam::123456789012:role/Admin',
    );
  });

  it('answers the app and environment parameters, and ParameterNotFound for any other', () => {
    const app = call('ssm:GetParameter', { Name: '/copilot/applications/iac-experiment' });
    expect(JSON.parse(JSON.parse(app.body).Parameter.Value)).toMatchObject({
      name: 'iac-experiment',
      domain: '',
    });
    const missing = call('ssm:GetParameter', { Name: '/copilot/applications/other' });
    expect([missing.status, JSON.parse(missing.body).__type]).toEqual([400, 'ParameterNotFound']);
  });

  it('reports workload stacks as not deployed yet and the environment stack with its version and manifest', () => {
    const workload = call('cloudformation:GetTemplateSummary', {
      StackName: 'iac-experiment-production-api',
    });
    expect(workload.status).toBe(400);
    expect(workload.body).toContain('does not exist');
    const env = call('cloudformation:GetTemplateSummary', { StackName: 'iac-experiment-production' });
    expect(env.body).toContain('&quot;Version&quot;:&quot;v1.34.1&quot;');
    expect(env.body).toContain('name: production');
  });
});
