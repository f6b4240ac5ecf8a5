import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inventory } from '../loc/inventory.js';
import { WORKSPACE_DIR } from '../template/template.js';
import { copilotCopy } from '../testing/fixtures.js';
import { parseCloudFormationYaml } from './cfn-yaml.js';
import {
  copilotGeneratedStacks,
  type GeneratedStack,
  readCopilotFeatures,
  readGeneratedResourcesData,
  summarizeResources,
} from './generated-resources.js';
import { COPILOT_DIR } from './manifests.js';

const stacksOf = (dir = COPILOT_DIR) => copilotGeneratedStacks(readCopilotFeatures(dir));
const stack = (stacks: GeneratedStack[], name: string) => {
  const found = stacks.find((s) => s.stack === name);
  if (!found) throw new Error(`no stack ${name} in ${stacks.map((s) => s.stack).join(', ')}`);
  return found;
};
const ids = (resources: { logicalId: string }[]) => resources.map(({ logicalId }) => logicalId);
const ofType = (s: GeneratedStack, type: string) => s.resources.filter((r) => r.type === type);

/** Logical IDs whose Runtime a cfn.patches.yml file replaces. */
function patchedFunctions(file: string): string[] {
  const patches = parseCloudFormationYaml(readFileSync(join(COPILOT_DIR, file), 'utf8')) as {
    path: string;
  }[];
  return patches.map(({ path }) => path.split('/')[2] ?? '').sort();
}

describe("the resources Copilot generates for this repository's copilot/", () => {
  const stacks = stacksOf();

  it('creates the app stacks, one environment stack with its addon, and one stack per manifest', () => {
    expect(stacks.map(({ stack, kind }) => [stack, kind])).toEqual([
      ['iac-experiment-infrastructure-roles', 'app-roles'],
      ['iac-experiment-infrastructure (StackSet instance, one per region)', 'app-regional'],
      ['iac-experiment-production', 'environment'],
      ['iac-experiment-production-AddonsStack (nested)', 'environment addon'],
      ['iac-experiment-production-api', 'Load Balanced Web Service'],
      ['iac-experiment-production-migrator', 'Scheduled Job'],
      ['iac-experiment-production-web', 'Load Balanced Web Service'],
    ]);
  });

  it('creates no NAT gateway, EIP or private route: every workload is placed in public subnets', () => {
    const env = stack(stacks, 'iac-experiment-production');
    const all = stacks.flatMap(({ resources }) => resources.map(({ type }) => type));
    expect(all).not.toContain('AWS::EC2::NatGateway');
    expect(all).not.toContain('AWS::EC2::EIP');
    expect(ids(env.omitted)).toEqual(
      expect.arrayContaining(['NatGateway1', 'NatGateway2', 'PrivateRoute1', 'PrivateRoute2']),
    );
    // The private subnets exist anyway: the database addon lives in them.
    expect(ids(env.resources)).toEqual(expect.arrayContaining(['PrivateSubnet1', 'PrivateSubnet2']));
  });

  it('creates the shared ALB with one HTTP listener and no HTTPS or DNS resources (no domain, no certificates)', () => {
    const env = stack(stacks, 'iac-experiment-production');
    expect(ids(env.resources)).toEqual(
      expect.arrayContaining(['PublicLoadBalancer', 'HTTPListener', 'DefaultHTTPTargetGroup']),
    );
    expect(ids(env.omitted)).toEqual(
      expect.arrayContaining(['HTTPSListener', 'EnvironmentHostedZone', 'DNSDelegationFunction']),
    );
  });

  it('gives each web service an ALB rule, target-tracking autoscaling on cpu and memory, and two rollback alarms', () => {
    for (const name of ['api', 'web']) {
      const svc = stack(stacks, `iac-experiment-production-${name}`);
      expect(ids(svc.resources)).toEqual(
        expect.arrayContaining([
          'TargetGroup',
          'HTTPListenerRule',
          'DynamicDesiredCountFunction',
          'AutoScalingTarget',
          'AutoScalingPolicyECSServiceAverageCPUUtilization',
          'AutoScalingPolicyECSServiceAverageMemoryUtilization',
          'CPURollbackAlarm',
          'MemoryRollbackAlarm',
        ]),
      );
      expect(ids(svc.omitted)).toEqual(
        expect.arrayContaining(['AddonsStack', 'AutoScalingPolicyALBSumRequestCountPerTarget']),
      );
    }
  });

  it('creates the job with a disabled rule and a state machine, and no workload addons stack', () => {
    const job = stack(stacks, 'iac-experiment-production-migrator');
    expect(ids(job.resources)).toEqual(expect.arrayContaining(['Rule', 'StateMachine', 'TaskDefinition']));
    expect(ids(job.omitted)).toEqual(['AddonsStack']);
  });

  it('has an ECR repository for each workload the repository builds', () => {
    const regional = stack(stacks, 'iac-experiment-infrastructure (StackSet instance, one per region)');
    expect(ids(ofType(regional, 'AWS::ECR::Repository'))).toEqual([
      'ECRRepoapi',
      'ECRRepomigrator',
      'ECRRepoweb',
    ]);
  });

  it("counts exactly the addon's resources that `loc` counts as declared by hand", () => {
    const addon = stack(stacks, 'iac-experiment-production-AddonsStack (nested)');
    const declared = inventory(resolve(WORKSPACE_DIR, '..')).declared.find(
      ({ strategy }) => strategy === 'Copilot (this repo): addons',
    );
    const byType: Record<string, number> = {};
    for (const { type } of addon.resources) byType[type] = (byType[type] ?? 0) + 1;
    expect(byType).toEqual(declared?.byType);
    expect(ids(addon.resources)).toContain('dbDBCluster');
  });

  it('lists, per workload, exactly the Lambda functions its overrides patch off nodejs20.x', () => {
    for (const name of ['api', 'web', 'migrator']) {
      const functions = ofType(stack(stacks, `iac-experiment-production-${name}`), 'AWS::Lambda::Function');
      expect({ name, functions: ids(functions).sort() }).toEqual({
        name,
        functions: patchedFunctions(`${name}/overrides/cfn.patches.yml`),
      });
    }
    // The environment's patched functions are in its template but not created (no app domain).
    const env = stack(stacks, 'iac-experiment-production');
    expect(ids(ofType(env, 'AWS::Lambda::Function'))).toEqual([]);
    const omittedFunctions = env.omitted.filter(({ type }) => type === 'AWS::Lambda::Function');
    expect(ids(omittedFunctions).sort()).toEqual(patchedFunctions('environments/overrides/cfn.patches.yml'));
  });

  it('sums to a total whose by-type counts add up', () => {
    const summary = summarizeResources(stacks);
    expect(Object.values(summary.byType).reduce((a, b) => a + b, 0)).toBe(summary.total);
    expect(summary.byStack.reduce((sum, { total }) => sum + total, 0)).toBe(summary.total);
  });

  it("assumes no app domain, as the bootstrap's `copilot app init` in docs/deploying-to-aws.md has none", () => {
    const guide = readFileSync(resolve(WORKSPACE_DIR, '../docs/deploying-to-aws.md'), 'utf8');
    const appInit = guide.split('\n').filter((line) => /copilot app init\b/.test(line));
    expect(appInit.length).toBeGreaterThan(0);
    for (const line of appInit) expect(line).not.toContain('--domain');
  });
});

describe('the count follows the manifests', () => {
  const lbws = (dir: string, name = 'api') => stack(stacksOf(dir), `iac-experiment-production-${name}`);
  const baseline = lbws(COPILOT_DIR).resources.length;

  it('drops the DynamicDesiredCount function and all autoscaling resources without count.range', () => {
    const dir = copilotCopy('api/manifest.yml', /count:\n {2}range: 1-4\n.*\n.*\n/, 'count: 2\n');
    const api = lbws(dir);
    expect(ids(api.resources).filter((id) => /DynamicDesiredCount|AutoScaling/.test(id))).toEqual([]);
    expect(api.resources.length).toBe(baseline - 7);
  });

  it('drops one scaling policy per metric removed and one alarm per rollback alarm removed', () => {
    const noMemory = copilotCopy('api/manifest.yml', /\n {2}memory_percentage: 80/, '');
    expect(lbws(noMemory).resources.length).toBe(baseline - 1);
    const noAlarms = copilotCopy('web/manifest.yml', /\n {2}rollback_alarms:\n.*\n.*/, '');
    expect(lbws(noAlarms, 'web').resources.length).toBe(baseline - 2);
  });

  it('adds two NAT gateways with their EIPs, route tables, routes and associations for a private workload', () => {
    const before = stack(stacksOf(), 'iac-experiment-production').resources.length;
    const dir = copilotCopy('migrator/manifest.yml', 'placement: public', 'placement: private');
    const env = stack(stacksOf(dir), 'iac-experiment-production');
    expect(env.resources.length).toBe(before + 10);
    expect(ofType(env, 'AWS::EC2::NatGateway')).toHaveLength(2);
  });

  it('refuses to count a feature whose partial is not transcribed, rather than undercount', () => {
    const dir = copilotCopy(
      'api/manifest.yml',
      'deregistration_delay: 15s',
      'deregistration_delay: 15s\n\nnlb:\n  port: 443/tcp',
    );
    expect(() => stacksOf(dir)).toThrow(/nlb\.yml are not transcribed/);
  });

  it('refuses a workload type it has no resource list for', () => {
    const dir = copilotCopy('migrator/manifest.yml', 'type: Scheduled Job', 'type: Worker Service');
    expect(() => stacksOf(dir)).toThrow(/no resource data for a Copilot Worker Service/);
  });
});

describe('copilot-generated-resources.json', () => {
  const data = readGeneratedResourcesData();

  it('names the Copilot commit it was transcribed from and the release the project pins', () => {
    expect(data.source).toMatchObject({
      repository: 'aws/copilot-cli',
      commit: '4c858e718bc88449e29540993d8496ac81d7b419',
      pinnedRelease: 'v1.34.1',
    });
    const pinned = readFileSync(resolve(WORKSPACE_DIR, '../.github/workflows/deploy.yml'), 'utf8');
    expect(pinned).toContain(data.source.pinnedRelease);
  });

  it('records each resource of a template once, except where two template branches declare it', () => {
    for (const template of data.templates) {
      const keys = template.resources.map(({ id, source }) => `${source} ${id}`);
      const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
      expect({ kind: template.kind, repeated }).toEqual({
        kind: template.kind,
        repeated: template.kind === 'environment' ? ['environment/cf.yml MountTarget{{inc $ind}}'] : [],
      });
    }
  });
});
