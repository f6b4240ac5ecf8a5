import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inventory } from '../loc/inventory.js';
import { WORKSPACE_DIR } from '../template/template.js';
import {
  copilotGeneratedStacks,
  type GeneratedStack,
  readRenderedResources,
  summarizeResources,
} from './generated-resources.js';

/**
 * The rendered resource list (ops' render test keeps it equal to a fresh render) as the cost and size comparison
 * reads it.
 */
const stacks = copilotGeneratedStacks();
const stack = (name: string) => {
  const found = stacks.find((s) => s.stack === name);
  if (!found) throw new Error(`no stack ${name} in ${stacks.map((s) => s.stack).join(', ')}`);
  return found;
};
const ids = (s: GeneratedStack) => s.resources.map(({ logicalId }) => logicalId);
const ofType = (s: GeneratedStack, type: string) =>
  s.resources.filter((r) => r.type === type).map((r) => r.logicalId);

describe("the resources Copilot creates for this repository's copilot/", () => {
  it('creates the app stacks, one environment stack with its addon, and one stack per manifest', () => {
    expect(stacks.map(({ stack }) => stack)).toEqual([
      'iac-experiment-infrastructure-roles',
      'iac-experiment-infrastructure (StackSet, per region)',
      'iac-experiment-production',
      'iac-experiment-production-AddonsStack (nested)',
      'iac-experiment-production-api',
      'iac-experiment-production-migrator',
      'iac-experiment-production-web',
    ]);
    expect(readRenderedResources().copilot).toBe('v1.34.1');
    const pinned = readFileSync(resolve(WORKSPACE_DIR, '../.github/workflows/deploy.yml'), 'utf8');
    expect(pinned).toContain('COPILOT_VERSION: v1.34.1');
  });

  it('creates no NAT gateway or EIP (every workload is in public subnets), but the private subnets the database uses', () => {
    const all = stacks.flatMap(({ resources }) => resources.map(({ type }) => type));
    expect(all).not.toContain('AWS::EC2::NatGateway');
    expect(all).not.toContain('AWS::EC2::EIP');
    expect(ids(stack('iac-experiment-production'))).toEqual(
      expect.arrayContaining(['PrivateSubnet1', 'PrivateSubnet2']),
    );
  });

  it('creates the shared ALB with one HTTP listener and no HTTPS listener or Lambda (no domain, no certificates)', () => {
    const env = stack('iac-experiment-production');
    expect(ids(env)).toEqual(
      expect.arrayContaining(['PublicLoadBalancer', 'HTTPListener', 'DefaultHTTPTargetGroup']),
    );
    expect(ids(env)).not.toContain('HTTPSListener');
    expect(ofType(env, 'AWS::Lambda::Function')).toEqual([]);
  });

  it('gives each web service an ALB rule, autoscaling on cpu and memory, and its four rollback alarms', () => {
    for (const name of ['api', 'web']) {
      expect(ids(stack(`iac-experiment-production-${name}`))).toEqual(
        expect.arrayContaining([
          'TargetGroup',
          'HTTPListenerRule',
          'DynamicDesiredCountFunction',
          'AutoScalingPolicyECSServiceAverageCPUUtilization',
          'AutoScalingPolicyECSServiceAverageMemoryUtilization',
          'RollbackAlarmTarget5xx',
          'RollbackAlarmTargetLatency',
          'RollbackAlarmCPU',
          'RollbackAlarmMemory',
        ]),
      );
    }
  });

  it('has an ECR repository for each workload', () => {
    expect(
      ofType(stack('iac-experiment-infrastructure (StackSet, per region)'), 'AWS::ECR::Repository'),
    ).toEqual(['ECRRepoapi', 'ECRRepomigrator', 'ECRRepoweb']);
  });

  it("counts exactly the addon's resources that `loc` counts as declared by hand", () => {
    const addon = stack('iac-experiment-production-AddonsStack (nested)');
    const declared = inventory(resolve(WORKSPACE_DIR, '..')).declared.find(
      ({ strategy }) => strategy === 'Copilot (this repo): addons',
    );
    const byType: Record<string, number> = {};
    for (const { type } of addon.resources) byType[type] = (byType[type] ?? 0) + 1;
    expect(byType).toEqual(declared?.byType);
  });

  it('sums to a total whose by-type counts add up', () => {
    const summary = summarizeResources(stacks);
    expect(Object.values(summary.byType).reduce((a, b) => a + b, 0)).toBe(summary.total);
    expect(summary.byStack.reduce((sum, { total }) => sum + total, 0)).toBe(summary.total);
  });

  it("was rendered for an app without a domain, as the bootstrap's `copilot app init` in docs/deploying-to-aws.md has none", () => {
    const guide = readFileSync(resolve(WORKSPACE_DIR, '../docs/deploying-to-aws.md'), 'utf8');
    const appInit = guide.split('\n').filter((line) => /copilot app init\b/.test(line));
    expect(appInit.length).toBeGreaterThan(0);
    for (const line of appInit) expect(line).not.toContain('--domain');
  });
});
