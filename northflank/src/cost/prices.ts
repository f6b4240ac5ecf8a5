import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { WORKSPACE_DIR } from '../template/template.js';

export const PRICES_DIR = join(WORKSPACE_DIR, 'prices');

const price = z.strictObject({ usd: z.number().nonnegative(), unit: z.string().min(1), source: z.url() });

const awsRegionPrices = z.strictObject({
  fargateVcpuHour: price,
  fargateGbHour: price,
  fargateArmVcpuHour: price,
  fargateArmGbHour: price,
  albHour: price,
  albLcuHour: price,
  natGatewayHour: price,
  natGatewayGb: price,
  publicIpv4Hour: price,
  auroraAcuHour: price,
  auroraStorageGbMonth: price,
  auroraIoMillion: price,
  secretMonth: price,
  logsIngestGb: price,
  logsStorageGbMonth: price,
  alarmMonth: price,
  metricMonth: price,
  ecrStorageGbMonth: price,
  kmsKeyMonth: price,
  hostedZoneMonth: price,
  wafWebAclMonth: price,
  wafRuleMonth: price,
  wafRequestMillion: price,
});

const awsPriceTable = z.strictObject({
  provider: z.literal('aws'),
  currency: z.literal('USD'),
  readOn: z.iso.date(),
  howRead: z.string().min(1),
  hoursPerMonth: z.number().positive(),
  regions: z.record(z.string(), awsRegionPrices),
});

const northflankPriceTable = z.strictObject({
  provider: z.literal('northflank'),
  currency: z.literal('USD'),
  readOn: z.iso.date(),
  howRead: z.string().min(1),
  hoursPerMonth: z.number().positive(),
  plans: z.record(
    z.string(),
    z.strictObject({
      vcpu: z.number().positive(),
      memoryMb: z.number().int().positive(),
      usdMonth: price,
      build: z.boolean(),
    }),
  ),
  regions: z.array(z.string()).min(1),
  regionsSource: z.url(),
  unpriced: z.record(z.string(), z.strictObject({ unit: z.string(), source: z.url() })),
});

const scenarioValue = z.strictObject({
  idle: z.number().nonnegative(),
  max: z.number().nonnegative(),
  why: z.string().min(1),
});
const usageAssumptions = z.strictObject({
  about: z.string(),
  logGbPerTaskMonth: scenarioValue,
  albLcu: scenarioValue,
  auroraStorageGb: scenarioValue,
  auroraIoMillions: scenarioValue,
  natGatewayGb: scenarioValue,
  ecrImageGb: scenarioValue,
  jobRunsPerMonth: scenarioValue,
  jobMinutesPerRun: scenarioValue,
  buildsPerMonth: scenarioValue,
  buildMinutes: scenarioValue,
  albAvailabilityZones: scenarioValue,
  natGateways: scenarioValue,
  containerInsightsMetrics: scenarioValue,
  wafRequestsMillions: scenarioValue,
});

export type AwsPriceTable = z.infer<typeof awsPriceTable>;
export type AwsRegionPrices = z.infer<typeof awsRegionPrices>;
export type NorthflankPriceTable = z.infer<typeof northflankPriceTable>;
export type UsageAssumptions = z.infer<typeof usageAssumptions>;
export type Scenario = 'idle' | 'max';

export class PriceTableError extends Error {
  override name = 'PriceTableError';
}

function load<T>(schema: z.ZodType<T>, file: string): T {
  const path = join(PRICES_DIR, file);
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new PriceTableError(`prices/${file} is not a valid price table:\n  ${issues.join('\n  ')}`);
  }
  return parsed.data;
}

export const loadAwsPrices = (): AwsPriceTable => load(awsPriceTable, 'aws.json');
export const loadNorthflankPrices = (): NorthflankPriceTable => load(northflankPriceTable, 'northflank.json');
export const loadUsageAssumptions = (): UsageAssumptions => load(usageAssumptions, 'usage-assumptions.json');

/** The prices of one region; an unknown region is an error that lists the regions the table has. */
export function awsRegion(table: AwsPriceTable, region: string): AwsRegionPrices {
  const prices = table.regions[region];
  if (!prices) {
    throw new PriceTableError(
      `unknown AWS region "${region}": prices/aws.json (read ${table.readOn}) has ${Object.keys(table.regions).join(', ')}`,
    );
  }
  return prices;
}
