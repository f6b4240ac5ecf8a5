import type { NorthflankModel } from '../template/model.js';
import { type Bill, type BillLine, makeBill, n } from './bill.js';
import {
  type NorthflankPriceTable,
  PriceTableError,
  type Scenario,
  type UsageAssumptions,
} from './prices.js';

function plan(table: NorthflankPriceTable, id: string, usedBy: string) {
  const found = table.plans[id];
  if (!found) {
    throw new PriceTableError(
      `unknown Northflank plan "${id}" (${usedBy}): prices/northflank.json (read ${table.readOn}) lists ${Object.keys(table.plans).join(', ')}`,
    );
  }
  return found;
}

/** The monthly Northflank bill the template implies, at minimum and at maximum replicas. */
export function northflankBill(
  model: NorthflankModel,
  table: NorthflankPriceTable,
  usage: UsageAssumptions,
  scenario: Scenario,
): Bill {
  const region = model.projectRegion ?? '(unset)';
  if (!table.regions.includes(region)) {
    throw new PriceTableError(
      `unknown Northflank region "${region}" (project): Northflank's regions are ${table.regions.join(', ')}`,
    );
  }
  const hours = table.hoursPerMonth;
  const lines: BillLine[] = [];
  const unpriced: Bill['unpriced'] = [];

  for (const service of model.services) {
    const p = plan(table, service.plan, `service ${service.name}`);
    const replicas = scenario === 'idle' ? service.replicas.min : service.replicas.max;
    lines.push({
      item: `Service: ${service.name}`,
      detail: `${replicas} × ${service.plan} (${n(p.vcpu)} vCPU / ${n(p.memoryMb / 1024)} GB) at $${n(p.usdMonth.usd)}/month`,
      usd: replicas * p.usdMonth.usd,
    });
  }

  const runs = usage.jobRunsPerMonth[scenario];
  const minutes = usage.jobMinutesPerRun[scenario];
  for (const job of model.jobs) {
    const p = plan(table, job.plan, `job ${job.name}`);
    lines.push({
      item: `Job: ${job.name} runs`,
      detail: `${n(runs)} runs × ${n(minutes)} min on ${job.plan}`,
      usd: ((runs * minutes) / 60) * (p.usdMonth.usd / hours),
    });
  }

  for (const addon of model.addons) {
    const p = plan(table, addon.plan, `addon ${addon.name}`);
    lines.push({
      item: `Addon: ${addon.name} (${addon.type} ${addon.version})`,
      detail: `${addon.replicas} replica(s) × ${addon.plan} at $${n(p.usdMonth.usd)}/month`,
      usd: addon.replicas * p.usdMonth.usd,
    });
    unpriced.push({
      item: `Addon disk: ${addon.name}`,
      detail: `${n((addon.storageMb / 1024) * addon.replicas)} GB (price not in prices/northflank.json)`,
    });
  }

  const builds = usage.buildsPerMonth[scenario];
  const buildMinutes = usage.buildMinutes[scenario];
  for (const builder of model.buildServices) {
    const id = builder.buildPlan ?? '';
    const p = plan(table, id, `build service ${builder.name}`);
    if (!p.build)
      throw new PriceTableError(`plan "${id}" of build service ${builder.name} is not a build plan`);
    lines.push({
      item: `Builds: ${builder.name}`,
      detail: `${n(builds)} builds × ${n(buildMinutes)} min on ${id}`,
      usd: ((builds * buildMinutes) / 60) * (p.usdMonth.usd / hours),
    });
  }

  unpriced.push({
    item: 'Network egress',
    detail: 'depends on traffic; price not in prices/northflank.json',
  });
  return makeBill('Northflank', region, scenario, lines, unpriced);
}
