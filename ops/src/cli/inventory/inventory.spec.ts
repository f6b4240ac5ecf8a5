import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type Stack,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { collectInventory } from './inventory.js';
import { formatInventoryTable } from './inventory-table.js';

const arn = (name: string) => `arn:aws:cloudformation:eu-west-1:111122223333:stack/${name}/0000`;
const stack = (name: string, tags: Record<string, string>, parent?: string): Stack => ({
  StackName: name,
  StackId: arn(name),
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date(),
  ParentId: parent ? arn(parent) : undefined,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});
const resource = (type: string, logicalId: string, physicalId?: string): StackResourceSummary => ({
  ResourceType: type,
  LogicalResourceId: logicalId,
  PhysicalResourceId: physicalId,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: new Date(),
});

const app = { 'copilot-application': 'iac-experiment' };
const prod = { ...app, 'copilot-environment': 'production' };

describe('collectInventory', () => {
  const cfn = mockClient(CloudFormationClient);

  beforeEach(() => {
    cfn.reset();
    // Two pages of stacks: the app's, another app's and an untagged one.
    cfn
      .on(DescribeStacksCommand, { NextToken: undefined })
      .resolves({
        Stacks: [
          stack('iac-experiment-infrastructure-roles', app),
          stack('iac-experiment-production', prod),
          stack('someone-else-production', { 'copilot-application': 'someone-else' }),
        ],
        NextToken: 'stacks-2',
      })
      .on(DescribeStacksCommand, { NextToken: 'stacks-2' })
      .resolves({
        Stacks: [
          stack('iac-experiment-production-api', { ...prod, 'copilot-service': 'api' }),
          // Addons nested stack: found through its parent even without tags of its own.
          stack('iac-experiment-production-AddonsStack-1AB', {}, 'iac-experiment-production'),
          stack('unrelated', {}),
        ],
      });
    cfn.on(ListStackResourcesCommand, { StackName: arn('iac-experiment-infrastructure-roles') }).resolves({
      StackResourceSummaries: [resource('AWS::IAM::Role', 'AdministrationRole', 'iac-experiment-adminrole')],
    });
    cfn
      .on(ListStackResourcesCommand, { StackName: arn('iac-experiment-production'), NextToken: undefined })
      .resolves({
        StackResourceSummaries: [
          resource('AWS::EC2::VPC', 'VPC', 'vpc-1'),
          resource('AWS::EC2::Subnet', 'PublicSubnet1', 'subnet-1'),
        ],
        NextToken: 'resources-2',
      })
      .on(ListStackResourcesCommand, {
        StackName: arn('iac-experiment-production'),
        NextToken: 'resources-2',
      })
      .resolves({
        StackResourceSummaries: [
          resource('AWS::EC2::Subnet', 'PublicSubnet2', 'subnet-2'),
          resource(
            'AWS::CloudFormation::Stack',
            'AddonsStack',
            arn('iac-experiment-production-AddonsStack-1AB'),
          ),
        ],
      });
    cfn
      .on(ListStackResourcesCommand, { StackName: arn('iac-experiment-production-AddonsStack-1AB') })
      .resolves({
        StackResourceSummaries: [
          resource('AWS::RDS::DBCluster', 'dbDBCluster', 'iac-experiment-db'),
          resource('AWS::SecretsManager::Secret', 'dbAuroraSecret'),
        ],
      });
    cfn.on(ListStackResourcesCommand, { StackName: arn('iac-experiment-production-api') }).resolves({
      StackResourceSummaries: [resource('AWS::ECS::Service', 'Service', 'svc-api')],
    });
  });

  it("collects every resource of the app's stacks, nested stacks and every page included", async () => {
    const inventory = await collectInventory(new CloudFormationClient({}), { app: 'iac-experiment' });

    expect(inventory.stacks.map((s) => [s.name, s.parent, s.resources.length])).toEqual([
      ['iac-experiment-infrastructure-roles', null, 1],
      ['iac-experiment-production', null, 4],
      ['iac-experiment-production-AddonsStack-1AB', 'iac-experiment-production', 2],
      ['iac-experiment-production-api', null, 1],
    ]);
    expect(inventory.resourceCount).toBe(8);
    expect(inventory.countsByType).toEqual({
      'AWS::CloudFormation::Stack': 1,
      'AWS::EC2::Subnet': 2,
      'AWS::EC2::VPC': 1,
      'AWS::ECS::Service': 1,
      'AWS::IAM::Role': 1,
      'AWS::RDS::DBCluster': 1,
      'AWS::SecretsManager::Secret': 1,
    });
    expect(inventory.stacks[3]).toMatchObject({ environment: 'production', workload: 'api' });
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(5);
  });

  it('keeps only one environment with --env', async () => {
    const inventory = await collectInventory(new CloudFormationClient({}), {
      app: 'iac-experiment',
      env: 'production',
    });

    expect(inventory.stacks.map((s) => s.name)).toEqual([
      'iac-experiment-production',
      'iac-experiment-production-AddonsStack-1AB',
      'iac-experiment-production-api',
    ]);
  });

  it('fails clearly when the app has no stacks in this account and region', async () => {
    await expect(collectInventory(new CloudFormationClient({}), { app: 'nope' })).rejects.toThrow(
      'No CloudFormation stacks tagged copilot-application=nope in this account and region.',
    );
  });

  it('prints a table grouped by stack and type, with totals', async () => {
    const inventory = await collectInventory(new CloudFormationClient({}), {
      app: 'iac-experiment',
      env: 'production',
    });

    const table = formatInventoryTable(inventory).split('\n');

    expect(table[0]).toBe('Application iac-experiment, environment production: 7 resources in 3 stacks');
    expect(table).toContain('iac-experiment-production (UPDATE_COMPLETE) — 4 resources');
    expect(table).toContain(
      'iac-experiment-production-AddonsStack-1AB (UPDATE_COMPLETE, nested in iac-experiment-production) — 2 resources',
    );
    const subnets = table.filter((line) => line.includes('PublicSubnet'));
    expect(subnets).toEqual([
      '  AWS::EC2::Subnet            PublicSubnet1  subnet-1',
      '                              PublicSubnet2  subnet-2',
    ]);
    expect(table).toContain('  AWS::SecretsManager::Secret  dbAuroraSecret  -');
    expect(table.slice(table.indexOf('Totals by type'))).toContain('  AWS::EC2::Subnet             2');
  });
});
