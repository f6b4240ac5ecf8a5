import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  type CopilotProject,
  formatProblem,
  loadCopilotProject,
  parseFailures,
  type YamlFile,
} from '@iac-experiment/ops/copilot';
import { z } from 'zod';
import { WORKSPACE_DIR } from '../template/template.js';

export const COPILOT_DIR = resolve(WORKSPACE_DIR, '../copilot');

/** Copilot's defaults for the fields this model reads (internal/pkg/manifest: newDefault… constructors). */
const DEFAULT_CPU = 256;
const DEFAULT_MEMORY = 512;
const DEFAULT_LOG_RETENTION_DAYS = 30;

const stringOrPath = z.union([z.string(), z.looseObject({ path: z.string().optional() })]);
const range = z.union([
  z.string().regex(/^\d+-\d+$/, 'range must look like "1-4"'),
  z.looseObject({ min: z.number().int(), max: z.number().int() }),
]);
const count = z.union([
  z.number().int().min(0),
  z.looseObject({
    range: range.optional(),
    cpu_percentage: z.unknown().optional(),
    memory_percentage: z.unknown().optional(),
    requests: z.unknown().optional(),
    response_time: z.unknown().optional(),
  }),
]);
const fromCfnOrString = z.union([z.string(), z.looseObject({ from_cfn: z.string() })]);

const workloadSchema = z.looseObject({
  name: z.string(),
  type: z.enum(['Load Balanced Web Service', 'Backend Service', 'Worker Service', 'Scheduled Job']),
  cpu: z.number().int().positive().default(DEFAULT_CPU),
  memory: z.number().int().positive().default(DEFAULT_MEMORY),
  platform: z.string().optional(),
  count: count.optional(),
  image: z.looseObject({
    port: z.number().int().optional(),
    build: z
      .union([z.string(), z.looseObject({ dockerfile: z.string(), context: z.string().optional() })])
      .optional(),
  }),
  http: z.looseObject({ path: z.string(), healthcheck: stringOrPath.optional() }).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  timeout: z.string().optional(),
  retries: z.number().int().optional(),
  network: z
    .looseObject({
      connect: z.union([z.boolean(), z.looseObject({})]).optional(),
      vpc: z
        .looseObject({
          placement: z.union([z.enum(['public', 'private']), z.looseObject({})]).optional(),
          security_groups: z.array(fromCfnOrString).optional(),
        })
        .optional(),
    })
    .optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.unknown()).optional(),
  deployment: z
    .looseObject({
      rollback_alarms: z
        .union([
          z.array(z.string()),
          z.looseObject({
            cpu_utilization: z.number().optional(),
            memory_utilization: z.number().optional(),
          }),
        ])
        .optional(),
    })
    .optional(),
  logging: z.looseObject({ retention: z.number().int().optional() }).optional(),
});

export type WorkloadManifest = z.infer<typeof workloadSchema>;

/** What the comparison and the cost model need to know about one Copilot workload. */
export interface CopilotWorkload {
  name: string;
  type: WorkloadManifest['type'];
  isJob: boolean;
  /** Fargate task size: vCPU units (1024 = 1 vCPU) and MiB. */
  cpu: number;
  memory: number;
  arm: boolean;
  count: { min: number; max: number };
  /** Target-tracking metrics on `count` (each makes CloudWatch alarms). */
  scalingMetrics: number;
  /**
   * Rollback alarms as CloudWatch bills them, per metric they read: Copilot's own CPU/memory alarms, or (when the
   * manifest names its alarms) those its `overrides/cfn.patches.yml` adds.
   */
  rollbackAlarms: number;
  port?: number;
  httpPath?: string;
  healthPath?: string;
  dockerfile?: string;
  buildContext?: string;
  command?: string;
  timeoutSeconds?: number;
  retries: number;
  placement: 'public' | 'private';
  serviceConnect: boolean;
  securityGroupExports: string[];
  variableNames: string[];
  secretNames: string[];
  logRetentionDays: number;
}

export interface CopilotEnvironment {
  name: string;
  containerInsights: boolean;
}

export interface CopilotDatabase {
  /** `EngineVersion` of the cluster, e.g. 17.7. */
  engineVersion?: string;
  /** Aurora Serverless v2 capacity range of the cluster, in ACUs. */
  minAcu: number;
  maxAcu: number;
  /** db.serverless instances (writer + readers): each one bills the cluster's ACUs. */
  instances: number;
  secrets: number;
}

/** An AWS WAF web ACL an environment addon declares (billed per ACL, per rule and per request). */
export interface CopilotFirewall {
  rules: number;
}

export interface CopilotApp {
  workloads: CopilotWorkload[];
  environments: CopilotEnvironment[];
  databases: CopilotDatabase[];
  firewalls?: CopilotFirewall[];
  /** CloudWatch alarms the environment addons declare. */
  addonAlarms?: number;
}

export class CopilotConfigError extends Error {
  override name = 'CopilotConfigError';
}

function parseDuration(text: string, where: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '')
    throw new CopilotConfigError(`${where}: "${text}" is not a duration like 15m or 1h30m`);
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

function countRange(manifest: WorkloadManifest): { min: number; max: number } {
  const { count } = manifest;
  if (count === undefined) return { min: 1, max: 1 };
  if (typeof count === 'number') return { min: count, max: count };
  if (count.range === undefined) return { min: 1, max: 1 };
  if (typeof count.range === 'string') {
    const [min = 0, max = 0] = count.range.split('-').map(Number);
    return { min, max };
  }
  return { min: count.range.min, max: count.range.max };
}

function describeWorkload(manifest: WorkloadManifest): CopilotWorkload {
  const isJob = manifest.type === 'Scheduled Job';
  const healthcheck = manifest.http?.healthcheck;
  const healthPath =
    manifest.http === undefined
      ? undefined
      : typeof healthcheck === 'string'
        ? healthcheck
        : (healthcheck?.path ?? '/');
  const build = manifest.image.build;
  const count = typeof manifest.count === 'object' ? manifest.count : undefined;
  const alarms = manifest.deployment?.rollback_alarms;
  const placement = manifest.network?.vpc?.placement;
  return {
    name: manifest.name,
    type: manifest.type,
    isJob,
    cpu: manifest.cpu,
    memory: manifest.memory,
    arm: manifest.platform?.endsWith('arm64') ?? false,
    count: isJob ? { min: 0, max: 1 } : countRange(manifest),
    scalingMetrics: count
      ? [count.cpu_percentage, count.memory_percentage, count.requests, count.response_time].filter(
          (m) => m !== undefined,
        ).length
      : 0,
    rollbackAlarms: Array.isArray(alarms)
      ? 0
      : [alarms?.cpu_utilization, alarms?.memory_utilization].filter((a) => a !== undefined).length,
    port: manifest.image.port,
    httpPath: manifest.http?.path,
    healthPath,
    dockerfile: typeof build === 'string' ? build : build?.dockerfile,
    buildContext: typeof build === 'string' ? undefined : build?.context,
    command: Array.isArray(manifest.command) ? manifest.command.join(' ') : manifest.command,
    timeoutSeconds: manifest.timeout
      ? parseDuration(manifest.timeout, `${manifest.name}: timeout`)
      : undefined,
    retries: manifest.retries ?? 0,
    placement:
      placement === 'private' || (typeof placement === 'object' && placement !== null) ? 'private' : 'public',
    serviceConnect: manifest.network?.connect !== undefined && manifest.network.connect !== false,
    securityGroupExports: (manifest.network?.vpc?.security_groups ?? []).flatMap((group) =>
      typeof group === 'string' ? [] : [group.from_cfn],
    ),
    variableNames: Object.keys(manifest.variables ?? {}),
    secretNames: Object.keys(manifest.secrets ?? {}),
    logRetentionDays: manifest.logging?.retention ?? DEFAULT_LOG_RETENTION_DAYS,
  };
}

/** Reads one workload manifest; a field of the wrong type is an error naming the file and the field. */
export function parseWorkloadManifest(raw: unknown, where: string): CopilotWorkload {
  const parsed = workloadSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new CopilotConfigError(`${where}: ${issues.join('; ')}`);
  }
  return describeWorkload(parsed.data);
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A number in a CloudFormation template: a literal, or a `Ref` to a parameter's Default or addons.parameters.yml value. */
function resolveNumber(value: unknown, parameters: Json, overrides: Json, where: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (isJson(value) && typeof value.Ref === 'string') {
    const name = value.Ref;
    const fromOverrides = overrides[name];
    const parameter = parameters[name];
    const fallback = isJson(parameter) ? parameter.Default : undefined;
    return resolveNumber(fromOverrides ?? fallback, parameters, overrides, `${where} (!Ref ${name})`);
  }
  throw new CopilotConfigError(`${where}: cannot determine a number from ${JSON.stringify(value)}`);
}

/** The resources the environment addon templates declare. */
function addonResources(project: CopilotProject): Json[] {
  return project.envAddons.flatMap(({ data }) =>
    isJson(data) && isJson(data.Resources) ? Object.values(data.Resources).filter(isJson) : [],
  );
}

/** How many resources of a type the environment addon templates declare. */
export function countAddonResources(project: CopilotProject, type: string): number {
  return addonResources(project).filter((resource) => resource.Type === type).length;
}

/** AWS WAF web ACLs the environment addons declare, with their number of rules. */
export function parseFirewalls(project: CopilotProject): CopilotFirewall[] {
  return addonResources(project)
    .filter((resource) => resource.Type === 'AWS::WAFv2::WebACL')
    .map((acl) => {
      const rules = isJson(acl.Properties) ? acl.Properties.Rules : undefined;
      return { rules: Array.isArray(rules) ? rules.length : 0 };
    });
}

/**
 * The metrics read by the CloudWatch alarms a `cfn.patches.yml` adds as whole resources: one for a single-metric
 * alarm, one per `MetricStat` for a metric-math alarm (CloudWatch bills an alarm per metric it reads).
 */
export function patchedAlarmMetrics(patches: unknown): number {
  if (!Array.isArray(patches)) return 0;
  return patches
    .filter(
      (patch): patch is Json =>
        isJson(patch) &&
        patch.op === 'add' &&
        /^\/Resources\/[^/]+$/.test(String(patch.path)) &&
        isJson(patch.value) &&
        patch.value.Type === 'AWS::CloudWatch::Alarm',
    )
    .map((patch) => {
      const properties = isJson(patch.value) && isJson(patch.value.Properties) ? patch.value.Properties : {};
      const metrics = Array.isArray(properties.Metrics) ? properties.Metrics : [];
      return metrics.length === 0 ? 1 : metrics.filter((query) => isJson(query) && query.MetricStat).length;
    })
    .reduce((sum, count) => sum + count, 0);
}

/** Aurora Serverless v2 clusters and Secrets Manager secrets the environment addons declare. */
export function parseAddons(project: CopilotProject): CopilotDatabase[] {
  const overridesDoc = project.envAddonParameters[0]?.data;
  const overrides = isJson(overridesDoc) && isJson(overridesDoc.Parameters) ? overridesDoc.Parameters : {};
  return project.envAddons.flatMap((template) => templateDatabases(template, overrides));
}

function templateDatabases({ file, data: doc }: YamlFile, overrides: Json): CopilotDatabase[] {
  if (!isJson(doc) || !isJson(doc.Resources)) return [];
  const databases: CopilotDatabase[] = [];
  const parameters = isJson(doc.Parameters) ? doc.Parameters : {};
  const resources = Object.entries(doc.Resources).filter((entry): entry is [string, Json] =>
    isJson(entry[1]),
  );
  const secrets = resources.filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret').length;
  const clusters = resources.filter(([, r]) => r.Type === 'AWS::RDS::DBCluster');
  for (const [id, cluster] of clusters) {
    const props = isJson(cluster.Properties) ? cluster.Properties : {};
    const scaling = props.ServerlessV2ScalingConfiguration;
    if (!isJson(scaling)) continue;
    const where = `${basename(file)}: ${id}.ServerlessV2ScalingConfiguration`;
    const instances = resources.filter(([, r]) => {
      const p = isJson(r.Properties) ? r.Properties : {};
      return (
        r.Type === 'AWS::RDS::DBInstance' &&
        p.DBInstanceClass === 'db.serverless' &&
        isJson(p.DBClusterIdentifier) &&
        p.DBClusterIdentifier.Ref === id
      );
    }).length;
    databases.push({
      engineVersion: typeof props.EngineVersion === 'string' ? props.EngineVersion : undefined,
      minAcu: resolveNumber(scaling.MinCapacity, parameters, overrides, `${where}.MinCapacity`),
      maxAcu: resolveNumber(scaling.MaxCapacity, parameters, overrides, `${where}.MaxCapacity`),
      instances,
      secrets,
    });
  }
  if (clusters.length === 0 && secrets > 0) databases.push({ minAcu: 0, maxAcu: 0, instances: 0, secrets });
  return databases;
}

/** The Copilot workspace through ops's reader; a manifest or addon it cannot parse is an error. */
export function readCopilotProject(dir = COPILOT_DIR): CopilotProject {
  if (!existsSync(dir)) throw new CopilotConfigError(`no Copilot workspace at ${dir}`);
  const { project, problems } = loadCopilotProject(dirname(dir), dir);
  const unreadable = parseFailures(problems);
  if (unreadable.length > 0) throw new CopilotConfigError(unreadable.map(formatProblem).join('\n'));
  return project;
}

/** Reads `copilot/`: every workload manifest, every environment manifest, and the environment addons. */
export function readCopilotApp(dir = COPILOT_DIR): CopilotApp {
  const project = readCopilotProject(dir);
  return {
    workloads: project.workloads
      .map(({ manifest, patches }) => {
        const workload = parseWorkloadManifest(manifest.data, manifest.file);
        const patched = patches ? patchedAlarmMetrics(patches.data) : 0;
        return { ...workload, rollbackAlarms: workload.rollbackAlarms + patched };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    environments: project.environments.map(({ dirName, manifest }) => ({
      name: dirName,
      containerInsights: manifest.data?.observability?.container_insights === true,
    })),
    databases: parseAddons(project),
    firewalls: parseFirewalls(project),
    addonAlarms: countAddonResources(project, 'AWS::CloudWatch::Alarm'),
  };
}
