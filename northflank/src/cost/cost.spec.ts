import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { WORKSPACE_DIR } from '../template/template.js';
import { copilotCopy, freshTemplate, nodeByRef, specOf, templateFile } from '../testing/fixtures.js';
import type { Bill } from './bill.js';
import {
  awsRegion,
  loadAwsPrices,
  loadNorthflankPrices,
  loadUsageAssumptions,
  PriceTableError,
} from './prices.js';
import { type CostOptions, computeCostReport } from './report.js';

const aws = awsRegion(loadAwsPrices(), 'us-east-1');
const nf = loadNorthflankPrices();
const usage = loadUsageAssumptions();
const HOURS = 730;

const line = (bill: Bill, item: string) => {
  const found = bill.lines.find((candidate) => candidate.item === item);
  if (!found) throw new Error(`no line ${item}`);
  return found.usd;
};

/** How much each of the four totals moves when the configuration changes. */
function delta(changed: CostOptions) {
  const before = computeCostReport();
  const after = computeCostReport(changed);
  return {
    awsIdle: after.aws.idle.total - before.aws.idle.total,
    awsMax: after.aws.max.total - before.aws.max.total,
    nfIdle: after.northflank.idle.total - before.northflank.idle.total,
    nfMax: after.northflank.max.total - before.northflank.max.total,
  };
}

const expectDelta = (actual: ReturnType<typeof delta>, expected: ReturnType<typeof delta>) => {
  for (const key of Object.keys(expected) as (keyof typeof expected)[])
    expect(actual[key]).toBeCloseTo(expected[key], 9);
};

describe('the AWS bill computed from copilot/', () => {
  it('prices each line from the table: api runs 1 to 4 tasks of 0.5 vCPU / 1 GB, Aurora 0.5 to 4 ACU', () => {
    const { aws: bills } = computeCostReport();
    const apiTask = (0.5 * aws.fargateVcpuHour.usd + 1 * aws.fargateGbHour.usd) * HOURS;
    expect(line(bills.idle, 'Fargate: api')).toBeCloseTo(apiTask, 9);
    expect(line(bills.max, 'Fargate: api')).toBeCloseTo(4 * apiTask, 9);
    expect(line(bills.idle, 'Aurora Serverless v2 compute')).toBeCloseTo(
      0.5 * aws.auroraAcuHour.usd * HOURS,
      9,
    );
    expect(line(bills.max, 'Aurora Serverless v2 compute')).toBeCloseTo(4 * aws.auroraAcuHour.usd * HOURS, 9);
    expect(line(bills.idle, 'Application Load Balancer')).toBeCloseTo(aws.albHour.usd * HOURS, 9);
    expect(bills.idle.lines.map((l) => l.item)).not.toContain('NAT gateways');
  });

  it("doubling a service's cpu adds exactly that vCPU's price for each of its tasks", () => {
    const vcpu = 0.5 * aws.fargateVcpuHour.usd * HOURS;
    expectDelta(delta({ copilotDir: copilotCopy('api/manifest.yml', /cpu: 512/, 'cpu: 1024') }), {
      awsIdle: vcpu,
      awsMax: 4 * vcpu,
      nfIdle: 0,
      nfMax: 0,
    });
  });

  it('raising the minimum count adds one task, its public IPv4 address and its logs at idle only', () => {
    const task = (0.25 * aws.fargateVcpuHour.usd + 0.5 * aws.fargateGbHour.usd) * HOURS;
    const ipv4 = aws.publicIpv4Hour.usd * HOURS;
    const logGb = usage.logGbPerTaskMonth.idle;
    const logs = logGb * aws.logsIngestGb.usd + logGb * (30 / 30) * aws.logsStorageGbMonth.usd;
    expectDelta(delta({ copilotDir: copilotCopy('web/manifest.yml', /range: 1-3/, 'range: 2-3') }), {
      awsIdle: task + ipv4 + logs,
      awsMax: 0,
      nfIdle: 0,
      nfMax: 0,
    });
  });

  it('raising the ACU range moves the database line by exactly the added ACU-hours', () => {
    const acu = aws.auroraAcuHour.usd * HOURS;
    expectDelta(
      delta({ copilotDir: copilotCopy('environments/addons/db.yml', /MinCapacity: 0\.5/, 'MinCapacity: 1') }),
      {
        awsIdle: 0.5 * acu,
        awsMax: 0,
        nfIdle: 0,
        nfMax: 0,
      },
    );
    expectDelta(
      delta({ copilotDir: copilotCopy('environments/addons/db.yml', /MaxCapacity: 4/, 'MaxCapacity: 8') }),
      {
        awsIdle: 0,
        awsMax: 4 * acu,
        nfIdle: 0,
        nfMax: 0,
      },
    );
  });

  it('adds two NAT gateways with their addresses once a workload moves to private subnets', () => {
    const dir = copilotCopy('web/manifest.yml', /placement: public/, 'placement: private');
    const report = computeCostReport({ copilotDir: dir });
    expect(line(report.aws.idle, 'NAT gateways')).toBeCloseTo(
      2 * (aws.natGatewayHour.usd + aws.publicIpv4Hour.usd) * HOURS,
      9,
    );
    expect(report.aws.idle.lines.map((l) => l.item)).not.toContain('Public IPv4: web tasks');
  });

  it('prices the WAF addon: the web ACL, its three rules, and the requests it inspects', () => {
    const { aws: bills } = computeCostReport();
    expect(line(bills.idle, 'AWS WAF web ACL')).toBeCloseTo(
      aws.wafWebAclMonth.usd + 3 * aws.wafRuleMonth.usd,
      9,
    );
    expect(line(bills.max, 'AWS WAF web ACL requests')).toBeCloseTo(
      usage.wafRequestsMillions.max * aws.wafRequestMillion.usd,
      9,
    );
    // One more rule adds exactly one rule-month.
    const dir = copilotCopy(
      'environments/addons/waf.yml',
      /\n {8}- Name: aws-common\n/,
      '\n        - Name: extra\n          Priority: 3\n          Action: { Block: {} }\n          Statement: { ByteMatchStatement: {} }\n        - Name: aws-common\n',
    );
    expectDelta(delta({ copilotDir: dir }), {
      awsIdle: aws.wafRuleMonth.usd,
      awsMax: aws.wafRuleMonth.usd,
      nfIdle: 0,
      nfMax: 0,
    });
  });

  it("prices the environment addons' alarms with the rest: one more alarm adds one alarm-month", () => {
    const dir = copilotCopy(
      'environments/addons/alarms.yml',
      /\nOutputs:/,
      '\n  alarmsExtra:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {}\n\nOutputs:',
    );
    expectDelta(delta({ copilotDir: dir }), {
      awsIdle: aws.alarmMonth.usd,
      awsMax: aws.alarmMonth.usd,
      nfIdle: 0,
      nfMax: 0,
    });
  });

  it('prices Container Insights only when the environment turns it on', () => {
    const dir = copilotCopy(
      'environments/production/manifest.yml',
      /container_insights: false/,
      'container_insights: true',
    );
    const metrics = usage.containerInsightsMetrics.idle * (1 + 2);
    expect(line(computeCostReport({ copilotDir: dir }).aws.idle, 'Container Insights metrics')).toBeCloseTo(
      metrics * aws.metricMonth.usd,
      9,
    );
  });
});

describe('the Northflank bill computed from template.json', () => {
  it("charges each service its plan's monthly price per replica, and the addon per replica", () => {
    const { northflank: bills } = computeCostReport();
    const price = (plan: string) => nf.plans[plan]?.usdMonth.usd ?? Number.NaN;
    expect(line(bills.idle, 'Service: api')).toBe(price('nf-compute-50'));
    expect(line(bills.max, 'Service: api')).toBe(4 * price('nf-compute-50'));
    expect(line(bills.max, 'Service: web')).toBeCloseTo(3 * price('nf-compute-20'), 9);
    expect(line(bills.idle, 'Addon: database (postgresql 17)')).toBe(price('nf-compute-50'));
    expect(bills.idle.unpriced.map((u) => u.item)).toEqual(['Addon disk: database', 'Network egress']);
  });

  it('raising max replicas or the plan changes the bill by exactly the plan prices', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'api')).autoscaling.horizontal.maxReplicas = 5;
    expectDelta(delta({ templatePath: templateFile(template) }), {
      awsIdle: 0,
      awsMax: 0,
      nfIdle: 0,
      nfMax: 12,
    });
    specOf(nodeByRef(template, 'api')).billing.deploymentPlan = 'nf-compute-100-1';
    expectDelta(delta({ templatePath: templateFile(template) }), {
      awsIdle: 0,
      awsMax: 0,
      nfIdle: 6,
      nfMax: 5 * 18 - 4 * 12,
    });
  });
});

describe('errors', () => {
  it('an unknown AWS region names the regions the price table has', () => {
    expect(() => computeCostReport({ region: 'mars-1' })).toThrow(
      new PriceTableError(
        'unknown AWS region "mars-1": prices/aws.json (read 2026-11-28) has us-east-1, us-west-2',
      ),
    );
  });

  it('an unknown plan or Northflank region names where it is used', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'web')).billing.deploymentPlan = 'nf-compute-999';
    expect(() => computeCostReport({ templatePath: templateFile(template) })).toThrow(
      /^unknown Northflank plan "nf-compute-999" \(service web\): prices\/northflank\.json \(read 2026-11-28\) lists nf-compute-10, /,
    );
    const elsewhere = freshTemplate();
    if (elsewhere.arguments) elsewhere.arguments.REGION = 'moon-1';
    expect(() => computeCostReport({ templatePath: templateFile(elsewhere) })).toThrow(
      /^unknown Northflank region "moon-1" \(project\)/,
    );
  });
});

describe('yarn cost (the command)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/cli/cost.ts', ...args], {
      cwd: WORKSPACE_DIR,
      encoding: 'utf8',
    });

  it('prints both itemised bills with idle and max totals', () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^AWS via Copilot — region us-east-1, prices read 2026-11-28/m);
    expect(result.stdout).toMatch(/^Northflank — region us-east1, prices read 2026-11-28/m);
    expect(result.stdout.match(/^Total per month\s+\$\d+\.\d\d\s+\$\d+\.\d\d$/gm)).toHaveLength(2);
  });

  it('exits non-zero with a clear message on an unknown region, plan or flag', () => {
    const region = run('--region', 'mars-1');
    expect([region.status, region.stderr.trim()]).toEqual([
      1,
      'yarn cost: unknown AWS region "mars-1": prices/aws.json (read 2026-11-28) has us-east-1, us-west-2',
    ]);
    const template = freshTemplate();
    specOf(nodeByRef(template, 'database')).billing.deploymentPlan = 'nf-db-huge';
    const plan = run('--template', templateFile(template));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toMatch(/^yarn cost: unknown Northflank plan "nf-db-huge" \(addon database\)/);
    const flag = run('--regoin', 'us-east-1');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/^yarn cost: Unknown option '--regoin'/);
  });
});
