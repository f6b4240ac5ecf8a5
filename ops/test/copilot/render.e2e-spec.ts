import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_ANSWER_BUDGET_MS, WEB_API_TIMEOUT_MS } from '../../../platform/src/http/api-deadline.js';
import { alarmFacts, deploymentAlarms } from '../../src/copilot-render/alarm-facts.js';
import {
  COPILOT_VERSION,
  customResourceSourcesDir,
  withGoOnPath,
} from '../../src/copilot-render/copilot-binary.js';
import { databaseIngress, lambdaFunctions, listenerRules } from '../../src/copilot-render/facts.js';
import { renderFailures, renderOffline } from '../../src/copilot-render/render-offline.js';
import type { RenderResult } from '../../src/copilot-render/render-stacks.js';
import {
  createdResources,
  type RenderedStack,
  readRenderedStacks,
} from '../../src/copilot-render/rendered-stacks.js';
import {
  APP_STACK_RESOURCES,
  RESOURCE_INVENTORY_FILE,
  resourceInventory,
} from '../../src/copilot-render/resource-inventory.js';
import { COPILOT_SPEC_EXCEPTIONS } from '../../src/copilot-render/spec-exceptions.js';
import { loadCfnSpec, validateTemplateAgainstSpec } from '../../src/infra/cfn-spec.js';
import { resolveSub } from '../../src/infra/cfn-sub.js';
import {
  ENVIRONMENT_STACK_LOGICAL_IDS,
  PATCHED_LAMBDA_RUNTIME,
} from '../../src/infra/copilot-template-facts.js';
import { CopilotCopy, REPO_ROOT } from '../../src/infra/testing/copilot-copy.js';

/**
 * Renders the environment, api, web and migrator once with the real Copilot v1.34.1 (offline, in a network
 * namespace with only loopback, against the stand-in AWS) and checks what a deploy of this commit would create.
 * The first run on a machine builds Copilot (a few minutes); later runs reuse the cached binary.
 */
let outDir: string;
let result: RenderResult;
let stacks: RenderedStack[];
const stack = (name: string) => {
  const found = stacks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no rendered stack ${name}`);
  return found;
};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'copilot-render-test-'));
  result = await renderOffline({ repoRoot: REPO_ROOT, outDir });
  stacks = readRenderedStacks(outDir);
}, 900_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the offline render of this repository', () => {
  it('renders all four stacks, and the environment addon, with Copilot and only the known AWS calls', () => {
    expect(renderFailures(result)).toEqual([]);
    expect(result.stacks.map((rendered) => rendered.stack.name)).toEqual([
      'environment',
      'api',
      'migrator',
      'web',
    ]);
    expect(stacks.map((rendered) => rendered.name)).toEqual([
      'environment',
      'environment/addons',
      'api',
      'migrator',
      'web',
    ]);
    expect(Object.keys(result.calls).sort()).toEqual([
      'cloudformation:DescribeStacks',
      'cloudformation:GetTemplateSummary',
      'cloudformation:ListStackInstances',
      'ssm:GetParameter',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
  });

  it('passes the CloudFormation spec check, except for the listed Copilot-generated findings', async () => {
    const spec = await loadCfnSpec();
    const used = new Set<number>();
    const unexpected = stacks.flatMap((rendered) =>
      validateTemplateAgainstSpec(spec, rendered.template)
        .filter((issue) => {
          const index = COPILOT_SPEC_EXCEPTIONS.findIndex(
            (exception) =>
              exception.stack === rendered.name &&
              exception.at.test(issue.at) &&
              exception.message.test(issue.message),
          );
          if (index >= 0) used.add(index);
          return index < 0;
        })
        .map((issue) => `${rendered.name} ${issue.at}: ${issue.message}`),
    );
    expect(unexpected).toEqual([]);
    // An exception Copilot no longer needs must go.
    expect(COPILOT_SPEC_EXCEPTIONS.filter((_, index) => !used.has(index))).toEqual([]);
  });

  it(`runs every Lambda function on ${PATCHED_LAMBDA_RUNTIME}`, () => {
    const functions = lambdaFunctions(stacks);
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.filter((fact) => fact.runtime !== PATCHED_LAMBDA_RUNTIME)).toEqual([]);
  });

  it(`embeds only async custom-resource handlers, which ${PATCHED_LAMBDA_RUNTIME} runs (it drops callback-style handlers)`, async () => {
    const dir = customResourceSourcesDir(REPO_ROOT);
    const files = (await readdir(dir)).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = await readFile(join(dir, file), 'utf8');
      const handlers = [...source.matchAll(/^exports\.(\w*[Hh]andler)\s*=\s*(.*)$/gm)];
      expect({ file, handlers: handlers.length > 0 }).toEqual({ file, handlers: true });
      for (const [, name, definition] of handlers) {
        expect({ file, name, async: /^async\b/.test(definition ?? '') }).toEqual({ file, name, async: true });
      }
    }
  });

  it('routes /api to api with the health check /api/health, and everything else to web', () => {
    const rules = listenerRules(stacks).map(({ stack: name, pathPatterns, healthCheckPath }) => ({
      name,
      pathPatterns: [...pathPatterns].sort(),
      healthCheckPath,
    }));
    expect(rules).toEqual([
      { name: 'api', pathPatterns: ['/api', '/api/*'], healthCheckPath: '/api/health' },
      { name: 'web', pathPatterns: ['/*'], healthCheckPath: '/health' },
    ]);
  });

  it('lets only the workload security group reach the database, and attaches it to api and migrator only', () => {
    expect(databaseIngress(stacks)).toEqual([
      {
        stack: 'environment/addons',
        into: 'dbDBClusterSecurityGroup',
        from: 'sg:dbWorkloadSecurityGroup',
        protocol: 'tcp',
        ports: '5432',
      },
    ]);
    const attaches = (name: string) => JSON.stringify(stack(name).template).includes('-dbSecurityGroup');
    expect(['api', 'migrator', 'web'].filter(attaches)).toEqual(['api', 'migrator']);
  });

  it("gives the api only its own role's secret, the migrator the master's and the api's, web none", () => {
    const secrets = (name: string) =>
      createdResources(stack(name))
        .filter(([, resource]) => resource.Type === 'AWS::ECS::TaskDefinition')
        .flatMap(
          ([, resource]) =>
            (resource.Properties?.ContainerDefinitions ?? []) as Array<{
              Secrets?: Array<{ Name: string; ValueFrom: unknown }>;
            }>,
        )
        .flatMap((container) => container.Secrets ?? [])
        .map((secret) => [secret.Name, secret.ValueFrom]);
    const imported = (name: string) => ({ 'Fn::ImportValue': `iac-experiment-production-${name}` });
    expect(secrets('api')).toEqual([['DB_SECRET', imported('dbApiSecret')]]);
    expect(secrets('migrator')).toEqual(
      expect.arrayContaining([
        ['DB_SECRET', imported('dbAuroraSecret')],
        ['API_DB_SECRET', imported('dbApiSecret')],
      ]),
    );
    expect(secrets('migrator')).toHaveLength(2);
    expect(secrets('web')).toEqual([]);
  });

  it("runs the migrator's state machine once: no retry of a half-applied migration", () => {
    const machines = createdResources(stack('migrator')).filter(
      ([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(machines).toHaveLength(1);
    const definition = JSON.stringify(machines[0]?.[1].Properties);
    expect(definition).toContain('ecs:runTask');
    expect(definition).not.toMatch(/Retry/);
  });

  it.each([
    ['api', API_ANSWER_BUDGET_MS],
    ['web', WEB_API_TIMEOUT_MS],
  ])(
    "rolls %s back on its own target group's 5xx share and p99 latency, on CPU and memory, and notifies the alarm topic",
    (name, budgetMs) => {
      const prefix = `iac-experiment-production-${name}`;
      const names = [`${prefix}-5xx`, `${prefix}-p99-latency`, `${prefix}-cpu`, `${prefix}-memory`];
      const [deployment, ...otherServices] = deploymentAlarms([stack(name)]);
      expect(otherServices).toEqual([]);
      expect(deployment).toMatchObject({
        service: 'Service',
        alarmNames: names,
        enable: true,
        rollback: true,
      });

      const alarms = alarmFacts([stack(name)]);
      expect(alarms.map((alarm) => alarm.name).sort()).toEqual([...names].sort());
      const alarm = (alarmName: string) => alarms.find((candidate) => candidate.name === alarmName);
      const onTargetGroup = [
        'TargetGroup=TargetGroup.TargetGroupFullName',
        'LoadBalancer=EnvControllerAction.PublicLoadBalancerFullName',
      ];
      const onService = [
        'ClusterName=import:iac-experiment-production-ClusterId',
        'ServiceName=Service.Name',
      ];
      expect(alarm(`${prefix}-5xx`)).toMatchObject({
        metrics: ['AWS/ApplicationELB/HTTPCode_Target_5XX_Count Sum', 'AWS/ApplicationELB/RequestCount Sum'],
        dimensions: onTargetGroup,
        expression: 'IF(errors >= 5, 100 * errors / requests, 0)',
        threshold: 5,
      });
      expect(alarm(`${prefix}-p99-latency`)).toMatchObject({
        metrics: ['AWS/ApplicationELB/TargetResponseTime p99'],
        dimensions: onTargetGroup,
        threshold: budgetMs / 1000,
      });
      expect(alarm(`${prefix}-cpu`)).toMatchObject({
        metrics: ['AWS/ECS/CPUUtilization Average'],
        dimensions: onService,
      });
      expect(alarm(`${prefix}-memory`)).toMatchObject({
        metrics: ['AWS/ECS/MemoryUtilization Average'],
        dimensions: onService,
      });
      for (const { alarmActions, okActions } of alarms) {
        expect(alarmActions).toEqual(['import:iac-experiment-production-AlarmTopicArn']);
        expect(okActions).toEqual(alarmActions);
      }

      // The target group the alarms watch is the one the service registers its tasks in and the /api or /* rule
      // forwards to.
      const service = stack(name).template.Resources.Service;
      expect(service?.Properties?.LoadBalancers).toEqual([
        expect.objectContaining({ TargetGroupArn: { Ref: 'TargetGroup' } }),
      ]);
      expect(listenerRules([stack(name)]).map((rule) => rule.targetGroup)).toEqual(['TargetGroup']);
      // The load balancer alarms exist before the service first reads their names; the CPU and memory alarms need the
      // service's generated name, so they come after it (as Copilot's own rollback alarms do).
      const loadBalancerAlarms = alarms
        .filter((fact) => fact.dimensions.includes(onTargetGroup[0] as string))
        .map((fact) => fact.logicalId);
      expect(loadBalancerAlarms).toHaveLength(2);
      expect(deployment?.dependsOn).toEqual(expect.arrayContaining(loadBalancerAlarms));
    },
  );

  it("gives the services' alarms the topic and the load balancer name they reference", async () => {
    // The environment addon creates the topic and exports it under the name the service stacks import.
    const addons = stack('environment/addons');
    const exported = Object.values(
      (addons.template.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>,
    ).map((output) => ({ value: output.Value, name: resolveSub(output.Export?.Name, addons.parameters) }));
    expect(exported).toContainEqual({
      value: { Ref: 'alarmsTopic' },
      name: 'iac-experiment-production-AlarmTopicArn',
    });
    expect(createdResources(addons)).toContainEqual([
      'alarmsTopic',
      expect.objectContaining({ Type: 'AWS::SNS::Topic' }),
    ]);

    // `EnvControllerAction.PublicLoadBalancerFullName`: the env controller answers with the environment stack's
    // outputs (all but the ignored ones), and the environment stack outputs the ALB's full name.
    const outputs = (stack('environment').template.Outputs ?? {}) as Record<string, { Value?: unknown }>;
    expect(outputs.PublicLoadBalancerFullName?.Value).toEqual({
      'Fn::GetAtt': ['PublicLoadBalancer', 'LoadBalancerFullName'],
    });
    const controller = await readFile(join(customResourceSourcesDir(REPO_ROOT), 'env-controller.js'), 'utf8');
    expect(controller).toMatch(/exportedValues\[output\.OutputKey\] = output\.OutputValue/);
    const ignored = /ignoredEnvOutputs = new Set\(\[([^\]]*)\]\)/.exec(controller)?.[1];
    expect(ignored).toBeDefined();
    expect(ignored).not.toContain('PublicLoadBalancerFullName');
  });

  it('has the environment logical IDs the addon parameters rely on', () => {
    const env = stack('environment').template;
    for (const id of ENVIRONMENT_STACK_LOGICAL_IDS.resources)
      expect(Object.keys(env.Resources)).toContain(id);
    for (const id of ENVIRONMENT_STACK_LOGICAL_IDS.parameters)
      expect(Object.keys(env.Parameters ?? {})).toContain(id);
  });
});

describe('the resource list northflank compares with (docs/tradeoffs.md quotes its counts)', () => {
  it('is what this render creates: refresh it with `yarn copilot:package --write-resources`', async () => {
    const committed = JSON.parse(await readFile(join(REPO_ROOT, RESOURCE_INVENTORY_FILE), 'utf8'));
    expect(committed).toEqual(resourceInventory('iac-experiment', 'production', stacks, COPILOT_VERSION));
  });

  it("lists app-stack resources that the pinned module's app templates declare", async () => {
    const modules = execFileSync('go', ['env', 'GOMODCACHE'], {
      env: withGoOnPath(),
      encoding: 'utf8',
    }).trim();
    const templates = join(
      modules,
      `github.com/aws/copilot-cli@${COPILOT_VERSION}/internal/pkg/template/templates/app`,
    );
    const declared = async (file: string) => [
      ...(await readFile(join(templates, file), 'utf8')).matchAll(
        /^ {2}(\w+):\n(?: {4,}.*\n)*? {4}Type: (\S+)/gm,
      ),
    ];
    const roles = (await declared('app.yml')).map(([, id, type]) => ({ logicalId: id, type }));
    const regional = (await declared('cf.yml')).map(([, id, type]) => ({ logicalId: id, type }));
    expect(roles).toEqual(expect.arrayContaining([...APP_STACK_RESOURCES.roles]));
    expect(regional).toEqual(expect.arrayContaining([...APP_STACK_RESOURCES.regional]));
  });
});

describe('what Copilot itself rejects', () => {
  let copy: CopilotCopy;
  let copyOut: string;
  beforeAll(async () => {
    copy = await CopilotCopy.create(await loadCfnSpec());
    copyOut = await mkdtemp(join(tmpdir(), 'copilot-render-negative-'));
  });
  afterAll(async () => {
    await copy.dispose();
    await rm(copyOut, { recursive: true, force: true });
  });
  const renderCopy = async (name: string) => {
    const rendered = await renderOffline({
      repoRoot: REPO_ROOT,
      workspaceDir: dirname(copy.dir),
      outDir: copyOut,
      stacks: [name],
    });
    expect(rendered.unknownCalls).toEqual([]);
    return rendered.stacks[0];
  };

  it('fails the render on a patch of a function the template does not have', async () => {
    await copy.replace(
      'api/overrides/cfn.patches.yml',
      '/Resources/RulePriorityFunction/',
      '/Resources/NoSuchFunction/',
    );
    const api = await renderCopy('api');
    expect(api?.ok).toBe(false);
    expect(api?.output).toMatch(
      /unable to apply the "replace" patch at index 1: key "\/Resources": "NoSuchFunction" not found in map/,
    );
  });

  it('fails the render on a manifest value Copilot rejects', async () => {
    await copy.replace('web/manifest.yml', 'range: 1-3', 'range: 1-x');
    const web = await renderCopy('web');
    expect(web?.ok).toBe(false);
    expect(web?.output).toContain(
      `validate "count": validate "range": invalid range value 1-x: valid format is \${min}-\${max}`,
    );
  });
});
