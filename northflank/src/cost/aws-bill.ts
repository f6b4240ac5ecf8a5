import type { CopilotApp, CopilotWorkload } from '../copilot/manifests.js';
import { type Bill, type BillLine, makeBill, n } from './bill.js';
import type { AwsPriceTable, AwsRegionPrices, Scenario, UsageAssumptions } from './prices.js';

/** Application Auto Scaling target tracking creates two CloudWatch alarms (scale out, scale in) per metric. */
const ALARMS_PER_SCALING_METRIC = 2;

interface Context {
  prices: AwsRegionPrices;
  hours: number;
  usage: UsageAssumptions;
  scenario: Scenario;
}

const use = (ctx: Context, key: Exclude<keyof UsageAssumptions, 'about'>) => ctx.usage[key][ctx.scenario];

function taskHourUsd(workload: CopilotWorkload, prices: AwsRegionPrices): number {
  const vcpu = workload.cpu / 1024;
  const gb = workload.memory / 1024;
  return workload.arm
    ? vcpu * prices.fargateArmVcpuHour.usd + gb * prices.fargateArmGbHour.usd
    : vcpu * prices.fargateVcpuHour.usd + gb * prices.fargateGbHour.usd;
}

function serviceLines(workload: CopilotWorkload, ctx: Context): BillLine[] {
  const { prices, hours, scenario } = ctx;
  const tasks = scenario === 'idle' ? workload.count.min : workload.count.max;
  const size = `${n(workload.cpu / 1024)} vCPU / ${n(workload.memory / 1024)} GB${workload.arm ? ' (ARM)' : ''}`;
  const lines: BillLine[] = [
    {
      item: `Fargate: ${workload.name}`,
      detail: `${tasks} task(s) × ${size} × ${hours} h`,
      usd: tasks * taskHourUsd(workload, prices) * hours,
    },
  ];
  if (workload.placement === 'public') {
    lines.push({
      item: `Public IPv4: ${workload.name} tasks`,
      detail: `${tasks} address(es) × ${hours} h`,
      usd: tasks * prices.publicIpv4Hour.usd * hours,
    });
  }
  const ingested = tasks * use(ctx, 'logGbPerTaskMonth');
  const stored = (ingested * workload.logRetentionDays) / 30;
  lines.push({
    item: `CloudWatch Logs: ${workload.name}`,
    detail: `${n(ingested)} GB/month ingested, ${n(stored)} GB kept (${workload.logRetentionDays}-day retention)`,
    usd: ingested * prices.logsIngestGb.usd + stored * prices.logsStorageGbMonth.usd,
  });
  return lines;
}

function jobLines(workload: CopilotWorkload, ctx: Context): BillLine[] {
  const { prices } = ctx;
  const runHours = (use(ctx, 'jobRunsPerMonth') * use(ctx, 'jobMinutesPerRun')) / 60;
  const lines: BillLine[] = [
    {
      item: `Fargate: ${workload.name} runs`,
      detail: `${n(use(ctx, 'jobRunsPerMonth'))} runs × ${n(use(ctx, 'jobMinutesPerRun'))} min × ${n(workload.cpu / 1024)} vCPU / ${n(workload.memory / 1024)} GB`,
      usd: runHours * taskHourUsd(workload, prices),
    },
  ];
  if (workload.placement === 'public') {
    lines.push({
      item: `Public IPv4: ${workload.name} runs`,
      detail: `${n(runHours)} address-hours`,
      usd: runHours * prices.publicIpv4Hour.usd,
    });
  }
  return lines;
}

/**
 * The monthly AWS bill Copilot's configuration implies, at minimum scale (`idle`) or with every service at its
 * maximum task count and the database at its maximum capacity (`max`).
 */
export function awsBill(
  app: CopilotApp,
  table: AwsPriceTable,
  region: string,
  prices: AwsRegionPrices,
  usage: UsageAssumptions,
  scenario: Scenario,
): Bill {
  const hours = table.hoursPerMonth;
  const ctx: Context = { prices, hours, usage, scenario };
  const lines: BillLine[] = [];
  const services = app.workloads.filter((workload) => !workload.isJob);
  const jobs = app.workloads.filter((workload) => workload.isJob);

  for (const workload of services) lines.push(...serviceLines(workload, ctx));
  for (const workload of jobs) lines.push(...jobLines(workload, ctx));

  if (services.some((workload) => workload.type === 'Load Balanced Web Service')) {
    const lcu = use(ctx, 'albLcu');
    const zones = use(ctx, 'albAvailabilityZones');
    lines.push(
      { item: 'Application Load Balancer', detail: `1 ALB × ${hours} h`, usd: prices.albHour.usd * hours },
      {
        item: 'ALB capacity units',
        detail: `${n(lcu)} LCU × ${hours} h`,
        usd: lcu * prices.albLcuHour.usd * hours,
      },
      {
        item: 'Public IPv4: ALB',
        detail: `${n(zones)} address(es), one per AZ × ${hours} h`,
        usd: zones * prices.publicIpv4Hour.usd * hours,
      },
    );
  }

  if (app.workloads.some((workload) => workload.placement === 'private')) {
    const gateways = use(ctx, 'natGateways');
    const gb = use(ctx, 'natGatewayGb');
    lines.push(
      {
        item: 'NAT gateways',
        detail: `${n(gateways)} gateway(s) (a workload is in private subnets) × ${hours} h, plus their public IPv4 addresses`,
        usd: gateways * (prices.natGatewayHour.usd + prices.publicIpv4Hour.usd) * hours,
      },
      { item: 'NAT data processed', detail: `${n(gb)} GB`, usd: gb * prices.natGatewayGb.usd },
    );
  }

  app.databases.forEach((db, index) => {
    if (db.instances === 0) return;
    const label = app.databases.length > 1 ? `Aurora Serverless v2 #${index + 1}` : 'Aurora Serverless v2';
    const acu = scenario === 'idle' ? db.minAcu : db.maxAcu;
    const storage = use(ctx, 'auroraStorageGb');
    const io = use(ctx, 'auroraIoMillions');
    lines.push(
      {
        item: `${label} compute`,
        detail: `${db.instances} instance(s) × ${n(acu)} ACU (${scenario === 'idle' ? 'MinCapacity' : 'MaxCapacity'}) × ${hours} h`,
        usd: db.instances * acu * prices.auroraAcuHour.usd * hours,
      },
      {
        item: `${label} storage`,
        detail: `${n(storage)} GB used`,
        usd: storage * prices.auroraStorageGbMonth.usd,
      },
      { item: `${label} I/O`, detail: `${n(io)} million requests`, usd: io * prices.auroraIoMillion.usd },
    );
  });

  const secrets = app.databases.reduce((sum, db) => sum + db.secrets, 0);
  if (secrets > 0) {
    lines.push({
      item: 'Secrets Manager',
      detail: `${secrets} secret(s)`,
      usd: secrets * prices.secretMonth.usd,
    });
  }

  for (const [index, firewall] of (app.firewalls ?? []).entries()) {
    const label = (app.firewalls ?? []).length > 1 ? `AWS WAF web ACL #${index + 1}` : 'AWS WAF web ACL';
    const requests = use(ctx, 'wafRequestsMillions');
    lines.push(
      {
        item: label,
        detail: `1 web ACL + ${firewall.rules} rule(s) (managed rule groups count as one each)`,
        usd: prices.wafWebAclMonth.usd + firewall.rules * prices.wafRuleMonth.usd,
      },
      {
        item: `${label} requests`,
        detail: `${n(requests)} million requests inspected`,
        usd: requests * prices.wafRequestMillion.usd,
      },
    );
  }

  const addonAlarms = app.addonAlarms ?? 0;
  const alarms = services.reduce(
    (sum, workload) => sum + workload.rollbackAlarms + ALARMS_PER_SCALING_METRIC * workload.scalingMetrics,
    addonAlarms,
  );
  if (alarms > 0) {
    lines.push({
      item: 'CloudWatch alarms',
      detail: `${alarms} alarm metric(s), billed each: deployment rollback alarms, ${ALARMS_PER_SCALING_METRIC} per autoscaling metric, and ${addonAlarms} from the environment addons`,
      usd: alarms * prices.alarmMonth.usd,
    });
  }

  if (app.environments.some((env) => env.containerInsights)) {
    const metrics = use(ctx, 'containerInsightsMetrics') * (1 + services.length);
    lines.push({
      item: 'Container Insights metrics',
      detail: `~${n(metrics)} metrics (cluster + ${services.length} services)`,
      usd: metrics * prices.metricMonth.usd,
    });
  }

  // Created by Copilot itself, whatever the manifests say: the application's artifact key (app stack set) and each
  // environment's service-discovery namespace, a Route 53 private hosted zone.
  lines.push(
    {
      item: "KMS key (Copilot's artifact key)",
      detail: '1 key per application',
      usd: prices.kmsKeyMonth.usd,
    },
    {
      item: 'Route 53 private hosted zone',
      detail: `${app.environments.length} service-discovery namespace(s), one per environment`,
      usd: app.environments.length * prices.hostedZoneMonth.usd,
    },
  );

  const images = use(ctx, 'ecrImageGb');
  lines.push({
    item: 'ECR image storage',
    detail: `${n(images)} GB`,
    usd: images * prices.ecrStorageGbMonth.usd,
  });

  return makeBill('AWS via Copilot', region, scenario, lines, [
    { item: 'Data transfer out to the internet', detail: 'depends on traffic; not modelled' },
  ]);
}
