import { describe, expect, it } from '@jest/globals';
import { cloudFormationResources, countText, terraformResources } from './count.js';

describe('countText', () => {
  it('separates blank, comment and config lines of YAML and counts its scalar values', () => {
    const yaml =
      '# a manifest\nname: api\n\nimage:\n  port: 3000 # inline comments stay config\n  build: [a, b]\n';
    expect(countText(yaml, 'yaml')).toEqual({
      files: 1,
      lines: 6,
      blank: 1,
      comment: 1,
      config: 4,
      values: 4,
    });
  });

  it('understands CloudFormation tags when counting values', () => {
    // B, the separator, x and y: each scalar a human wrote.
    expect(countText('A: !Ref B\nC: !Join [",", [x, y]]\n', 'yaml').values).toBe(4);
  });

  it('counts HCL line and block comments, and name = value attributes', () => {
    const hcl =
      '# line\n// line\n/* block\n   still block */\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = { Name = "x" }\n}\n';
    expect(countText(hcl, 'hcl')).toEqual({ files: 1, lines: 8, blank: 0, comment: 4, config: 4, values: 2 });
  });

  it('counts every JSON line as config (JSON has no comments) and its scalar values', () => {
    expect(countText('{\n  "a": [1, 2],\n  "b": { "c": null }\n}\n', 'json')).toEqual({
      files: 1,
      lines: 4,
      blank: 0,
      comment: 0,
      config: 4,
      values: 2,
    });
  });
});

describe('resources declared by hand', () => {
  it('counts Terraform resource blocks by type, and data and module blocks apart', () => {
    const tf =
      'resource "aws_subnet" "a" {}\nresource "aws_subnet" "b" {}\ndata "aws_region" "current" {}\nmodule "ecs" {}\n';
    expect(Object.fromEntries(terraformResources([tf]))).toEqual({
      aws_subnet: 2,
      'data aws_region': 1,
      module: 1,
    });
  });

  it('counts CloudFormation resources by Type', () => {
    const cfn =
      'Resources:\n  A: { Type: AWS::EC2::SecurityGroup }\n  B:\n    Type: AWS::EC2::SecurityGroup\n    Properties: { VpcId: !Ref V }\n';
    expect(Object.fromEntries(cloudFormationResources([cfn]))).toEqual({ 'AWS::EC2::SecurityGroup': 2 });
  });
});
