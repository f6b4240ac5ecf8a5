import { describe, expect, it } from '@jest/globals';
import { addonParameters, type RenderedStack } from './rendered-stacks.js';

const parent = (createALB: string, notCreated: string[] = []): RenderedStack => ({
  name: 'environment',
  parameters: { ALBWorkloads: createALB, EnvironmentName: 'production' },
  notCreated,
  template: {
    Parameters: { ALBWorkloads: {}, EnvironmentName: {} },
    Conditions: { CreateALB: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ALBWorkloads' }, ''] }] } },
    Resources: {
      VPC: { Type: 'AWS::EC2::VPC' },
      PublicLoadBalancer: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Condition: 'CreateALB' },
      AddonsStack: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {
          TemplateURL: 'https://bucket.s3.us-east-1.amazonaws.com/manual/addons/environments/abc.yml',
          Parameters: {
            Env: { Ref: 'EnvironmentName' },
            VPCID: { Ref: 'VPC' },
            Arn: { 'Fn::If': ['CreateALB', { Ref: 'PublicLoadBalancer' }, ''] },
            FullName: {
              'Fn::If': ['CreateALB', { 'Fn::GetAtt': ['PublicLoadBalancer', 'LoadBalancerFullName'] }, ''],
            },
            Unknown: { 'Fn::ImportValue': 'elsewhere' },
          },
        },
      },
    },
  },
});

describe('addonParameters', () => {
  it("passes the parent's values, a stand-in for what only AWS knows, and the branch of an !If", () => {
    expect(addonParameters(parent('api,web'))).toEqual({
      Env: 'production',
      VPCID: '{VPC}',
      Arn: '{PublicLoadBalancer}',
      FullName: '{PublicLoadBalancer.LoadBalancerFullName}',
    });
  });

  it('passes the empty branch while the environment has no load balancer', () => {
    expect(addonParameters(parent('', ['PublicLoadBalancer']))).toMatchObject({ Arn: '', FullName: '' });
  });
});
