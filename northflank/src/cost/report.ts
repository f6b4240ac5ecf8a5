import { COPILOT_DIR, readCopilotApp } from '../copilot/manifests.js';
import { describeTemplate } from '../template/model.js';
import { readTemplate, TEMPLATE_PATH } from '../template/template.js';
import { awsBill } from './aws-bill.js';
import type { Bill } from './bill.js';
import { northflankBill } from './northflank-bill.js';
import {
  awsRegion,
  loadAwsPrices,
  loadNorthflankPrices,
  loadUsageAssumptions,
  type UsageAssumptions,
} from './prices.js';

export interface CostOptions {
  region?: string;
  copilotDir?: string;
  templatePath?: string;
}

export interface ProviderCost {
  idle: Bill;
  max: Bill;
  pricesReadOn: string;
  priceFile: string;
}

export interface CostReport {
  aws: ProviderCost;
  northflank: ProviderCost;
  usage: UsageAssumptions;
}

export const DEFAULT_REGION = 'us-east-1';

/** Both bills, both scenarios, from the repository's configuration and dated price tables. */
export function computeCostReport(options: CostOptions = {}): CostReport {
  const awsTable = loadAwsPrices();
  const region = options.region ?? DEFAULT_REGION;
  const regionPrices = awsRegion(awsTable, region);
  const nfTable = loadNorthflankPrices();
  const usage = loadUsageAssumptions();
  const app = readCopilotApp(options.copilotDir ?? COPILOT_DIR);
  const model = describeTemplate(readTemplate(options.templatePath ?? TEMPLATE_PATH));
  return {
    aws: {
      idle: awsBill(app, awsTable, region, regionPrices, usage, 'idle'),
      max: awsBill(app, awsTable, region, regionPrices, usage, 'max'),
      pricesReadOn: awsTable.readOn,
      priceFile: 'prices/aws.json',
    },
    northflank: {
      idle: northflankBill(model, nfTable, usage, 'idle'),
      max: northflankBill(model, nfTable, usage, 'max'),
      pricesReadOn: nfTable.readOn,
      priceFile: 'prices/northflank.json',
    },
    usage,
  };
}

const usd = (value: number) => `$${value.toFixed(2)}`;

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 1 || column === 2
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatProvider(cost: ProviderCost): string {
  const { idle, max } = cost;
  const rows = [['Item', 'Idle', 'Max', 'How (idle; max)']];
  for (const line of idle.lines) {
    const atMax = max.lines.find((other) => other.item === line.item);
    const detail = atMax && atMax.detail !== line.detail ? `${line.detail}; ${atMax.detail}` : line.detail;
    rows.push([line.item, usd(line.usd), usd(atMax?.usd ?? 0), detail]);
  }
  rows.push(['Total per month', usd(idle.total), usd(max.total), '']);
  const unpriced = idle.unpriced.map((item) => `  - ${item.item}: ${item.detail}`).join('\n');
  return [
    `${idle.provider} — region ${idle.region}, prices read ${cost.pricesReadOn} (${cost.priceFile})`,
    table(rows),
    unpriced ? `Not in the total:\n${unpriced}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function formatCostReport(report: CostReport): string {
  const { usage } = report;
  const assumptions = (Object.keys(usage) as (keyof UsageAssumptions)[])
    .filter((key) => key !== 'about')
    .map((key) => {
      const value = usage[key];
      return typeof value === 'string'
        ? ''
        : `  - ${key}: idle ${value.idle}, max ${value.max} (${value.why})`;
    })
    .filter(Boolean)
    .join('\n');
  return [
    'Monthly bill at idle (every workload at its minimum) and at max (every workload at its maximum).',
    '',
    formatProvider(report.aws),
    '',
    formatProvider(report.northflank),
    '',
    'Usage assumptions (prices/usage-assumptions.json):',
    assumptions,
  ].join('\n');
}
