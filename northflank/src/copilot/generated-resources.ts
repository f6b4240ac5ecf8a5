import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { WORKSPACE_DIR } from '../template/template.js';
import { parseCloudFormationYaml } from './cfn-yaml.js';
import { COPILOT_DIR, CopilotConfigError } from './manifests.js';

export const GENERATED_RESOURCES_PATH = resolve(
  WORKSPACE_DIR,
  'src/copilot/copilot-generated-resources.json',
);

/** The manifest facts that decide whether Copilot renders (or CloudFormation creates) a resource. */
const ENVIRONMENT_REQUIREMENTS = [
  'managedVpc',
  'natGateways',
  'alb',
  'https',
  'internalAlb',
  'efs',
  'appDomain',
  'appRunnerPrivate',
  'flowLogs',
  'addons',
  'accessLogs',
  'cdn',
] as const;
const WORKLOAD_REQUIREMENTS = [
  'alb',
  'importedAlb',
  'https',
  'httpListener',
  'nlb',
  'autoscaling',
  'scalesOnCpu',
  'scalesOnMemory',
  'scalesOnRequests',
  'scalesOnResponseTime',
  'rollbackOnCpu',
  'rollbackOnMemory',
  'addons',
  'efs',
  'publish',
  'buildsImage',
] as const;
const requirement = z.enum([
  'always',
  /** Only rendered for another workload type (e.g. a Worker Service's queue scaling). */
  'otherWorkloadType',
  ...new Set([...ENVIRONMENT_REQUIREMENTS, ...WORKLOAD_REQUIREMENTS]),
]);
export type Requirement = z.infer<typeof requirement>;

const candidate = z.strictObject({
  /** The key as written in the template, Go template actions included. */
  id: z.string(),
  /** The logical IDs it renders to when `id` is templated (default: `id`). */
  logicalIds: z.array(z.string()).optional(),
  /** Renders once per workload of the application (`{{range $workload := ...}}`). */
  forEach: z.literal('workload').optional(),
  type: z.string().regex(/^(AWS|Custom)::/),
  /** Path under `source.templatesDir`. */
  source: z.string(),
  /** The resource's CloudFormation `Condition`, if any. */
  condition: z.string().optional(),
  requires: requirement,
  note: z.string().optional(),
});
export type TemplateResource = z.infer<typeof candidate>;

const TEMPLATE_KINDS = [
  'app-roles',
  'app-regional',
  'environment',
  'Load Balanced Web Service',
  'Scheduled Job',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const dataSchema = z.object({
  source: z.object({
    repository: z.string(),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    describe: z.string(),
    newestTagRead: z.string(),
    pinnedRelease: z.string(),
    templatesDir: z.string(),
    note: z.string(),
  }),
  templates: z.array(
    z.strictObject({
      kind: z.enum(TEMPLATE_KINDS),
      stackName: z.string(),
      template: z.string(),
      instances: z.string(),
      resources: z.array(candidate),
      /** Partials the template includes only for features this repository does not use. */
      partialsNotIncluded: z
        .array(z.strictObject({ source: z.string(), requires: requirement, note: z.string() }))
        .optional(),
    }),
  ),
});
export type GeneratedResourcesData = z.infer<typeof dataSchema>;
export type TemplateData = GeneratedResourcesData['templates'][number];

export function readGeneratedResourcesData(path = GENERATED_RESOURCES_PATH): GeneratedResourcesData {
  return dataSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

type EnvironmentRequirement = (typeof ENVIRONMENT_REQUIREMENTS)[number];
type WorkloadRequirement = (typeof WORKLOAD_REQUIREMENTS)[number];

export interface WorkloadFeatures extends Record<WorkloadRequirement, boolean> {
  name: string;
  kind: string;
  /** `network.vpc.placement: private`: puts the workload in NATWorkloads. */
  privatePlacement: boolean;
}
export interface EnvironmentFeatures extends Record<EnvironmentRequirement, boolean> {
  name: string;
}
export interface CopilotFeatures {
  app: string;
  environments: EnvironmentFeatures[];
  workloads: WorkloadFeatures[];
  /** Resources of the environment addon templates (copilot/environments/addons), merged into one nested stack. */
  environmentAddons: { logicalId: string; type: string; source: string }[];
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** The value at a dotted path of a parsed manifest, or undefined. */
const at = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (isJson(value) ? value[key] : undefined), doc);
const present = (value: unknown) => value !== undefined && value !== null && value !== false;

const readYaml = (path: string): unknown => parse(readFileSync(path, 'utf8'));
const subdirsWithManifest = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'manifest.yml')))
        .map((entry) => entry.name)
        .sort()
    : [];

/** A managed EFS volume (`efs: true` or `efs: {uid, gid}`), which makes Copilot create the file system. */
function managedEfs(manifest: unknown): boolean {
  const volumes = at(manifest, 'storage.volumes');
  if (!isJson(volumes)) return false;
  return Object.values(volumes).some((volume) => {
    const efs = at(volume, 'efs');
    return efs === true || (isJson(efs) && efs.id === undefined);
  });
}

function workloadFeatures(manifest: unknown, dir: string, environmentHttps: boolean): WorkloadFeatures {
  const kind = String(at(manifest, 'type'));
  const name = String(at(manifest, 'name'));
  const count = at(manifest, 'count');
  const metric = (key: string) => isJson(count) && present(count[key]);
  const autoscaling =
    isJson(count) &&
    present(count.range) &&
    count.spot === undefined &&
    ['cpu_percentage', 'memory_percentage', 'requests', 'response_time', 'queue_delay'].some(metric);
  const alb = kind === 'Load Balanced Web Service' && present(at(manifest, 'http'));
  const importedAlb = alb && present(at(manifest, 'http.alb'));
  const https = alb && environmentHttps;
  return {
    name,
    kind,
    privatePlacement: at(manifest, 'network.vpc.placement') === 'private',
    alb,
    importedAlb,
    https,
    httpListener: alb && !importedAlb && !https,
    nlb: present(at(manifest, 'nlb')),
    autoscaling,
    scalesOnCpu: autoscaling && metric('cpu_percentage'),
    scalesOnMemory: autoscaling && metric('memory_percentage'),
    scalesOnRequests: autoscaling && metric('requests'),
    scalesOnResponseTime: autoscaling && metric('response_time'),
    rollbackOnCpu: present(at(manifest, 'deployment.rollback_alarms.cpu_utilization')),
    rollbackOnMemory: present(at(manifest, 'deployment.rollback_alarms.memory_utilization')),
    addons: existsSync(join(dir, 'addons')),
    efs: managedEfs(manifest),
    publish: present(at(manifest, 'publish.topics')),
    buildsImage: present(at(manifest, 'image.build')),
  };
}

function environmentAddons(dir: string): CopilotFeatures['environmentAddons'] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file) && !/^addons\.parameters\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) => {
      const doc = parseCloudFormationYaml(readFileSync(join(dir, file), 'utf8'));
      const resources = at(doc, 'Resources');
      return Object.entries(isJson(resources) ? resources : {}).map(([logicalId, resource]) => ({
        logicalId,
        type: String(at(resource, 'Type')),
        source: `copilot/environments/addons/${file}`,
      }));
    });
}

/**
 * Reads `copilot/` for the facts that decide what Copilot generates. `appDomain`: whether the application was
 * created with `copilot app init --domain` (not recorded in copilot/; docs/deploying-to-aws.md does not).
 */
export function readCopilotFeatures(dir = COPILOT_DIR, { appDomain = false } = {}): CopilotFeatures {
  const workspace = existsSync(join(dir, '.workspace')) ? readYaml(join(dir, '.workspace')) : undefined;
  const app = at(workspace, 'application');
  if (typeof app !== 'string') throw new CopilotConfigError(`${dir}/.workspace names no application`);
  const envDir = join(dir, 'environments');
  const environmentManifests = subdirsWithManifest(envDir).map((name) => ({
    name,
    manifest: readYaml(join(envDir, name, 'manifest.yml')),
  }));
  const addons = environmentAddons(join(envDir, 'addons'));
  const rawWorkloads = subdirsWithManifest(dir)
    .filter((name) => name !== 'environments')
    .map((name) => ({ dir: join(dir, name), manifest: readYaml(join(dir, name, 'manifest.yml')) }));

  const environments = environmentManifests.map(({ name, manifest }): EnvironmentFeatures => {
    const certificates = at(manifest, 'http.public.certificates');
    const https = appDomain || (Array.isArray(certificates) && certificates.length > 0);
    const workloads = rawWorkloads.map((w) => workloadFeatures(w.manifest, w.dir, https));
    const managedVpc = !present(at(manifest, 'network.vpc.id'));
    const accessLogs = at(manifest, 'http.public.access_logs');
    return {
      name,
      managedVpc,
      natGateways: managedVpc && workloads.some((w) => w.privatePlacement),
      alb: workloads.some((w) => w.alb),
      https,
      internalAlb:
        present(at(manifest, 'http.private')) ||
        rawWorkloads.some(
          (w) => at(w.manifest, 'type') === 'Backend Service' && present(at(w.manifest, 'http')),
        ),
      efs: rawWorkloads.some((w) => managedEfs(w.manifest)),
      appDomain,
      appRunnerPrivate: rawWorkloads.some(
        (w) =>
          at(w.manifest, 'type') === 'Request-Driven Web Service' &&
          at(w.manifest, 'network.vpc.placement') === 'private',
      ),
      flowLogs: present(at(manifest, 'network.vpc.flow_logs')),
      addons: addons.length > 0,
      accessLogs: accessLogs === true || (isJson(accessLogs) && accessLogs.bucket_name === undefined),
      cdn: present(at(manifest, 'cdn')),
    };
  });
  const https = environments.some((env) => env.https);
  return {
    app,
    environments,
    workloads: rawWorkloads
      .map((w) => workloadFeatures(w.manifest, w.dir, https))
      .sort((a, b) => a.name.localeCompare(b.name)),
    environmentAddons: addons,
  };
}

export interface GeneratedResource {
  logicalId: string;
  type: string;
  /** Copilot template path (under the templates dir) or, for the addon, this repository's file. */
  source: string;
  condition?: string;
  requires: Requirement;
}

export interface GeneratedStack {
  stack: string;
  kind: TemplateKind | 'environment addon';
  template: string;
  resources: GeneratedResource[];
  /** Resources the template declares that this configuration leaves out, with the fact that would add them. */
  omitted: GeneratedResource[];
}

/** Copilot's logicalIDSafe: strips every non-alphanumeric character (internal/pkg/template/template_functions.go). */
const logicalIdSafe = (name: string) => name.replace(/[^A-Za-z0-9]/g, '');

function instantiate(
  template: TemplateData,
  stack: string,
  holds: (requirement: Requirement) => boolean,
  workloads: WorkloadFeatures[],
): GeneratedStack {
  for (const partial of template.partialsNotIncluded ?? []) {
    if (holds(partial.requires)) {
      throw new Error(
        `${stack} uses ${partial.requires} (${partial.note}): the resources of ${partial.source} are not transcribed in copilot-generated-resources.json`,
      );
    }
  }
  const resources: GeneratedResource[] = [];
  const omitted: GeneratedResource[] = [];
  for (const resource of template.resources) {
    const logicalIds =
      resource.forEach === 'workload'
        ? workloads
            .filter((w) => resource.requires !== 'buildsImage' || w.buildsImage)
            .map((w) => resource.id.replace(/\{\{.*\}\}/, logicalIdSafe(w.name)))
        : (resource.logicalIds ?? [resource.id]);
    const included = resource.forEach === 'workload' || holds(resource.requires);
    for (const logicalId of logicalIds) {
      const entry: GeneratedResource = {
        logicalId,
        type: resource.type,
        source: resource.source,
        ...(resource.condition ? { condition: resource.condition } : {}),
        requires: resource.requires,
      };
      (included ? resources : omitted).push(entry);
    }
  }
  return { stack, kind: template.kind, template: template.template, resources, omitted };
}

const holdsFor =
  (facts: Partial<Record<Requirement, boolean>>) =>
  (requirement: Requirement): boolean => {
    if (requirement === 'always') return true;
    if (requirement === 'otherWorkloadType') return false;
    const value = facts[requirement];
    if (value === undefined) throw new Error(`requirement "${requirement}" does not apply to this template`);
    return value;
  };

/**
 * Every CloudFormation stack Copilot creates for this configuration and the resources in each: the app's roles
 * stack, its stack set instance (one region), and per environment the environment stack, its addon nested stack
 * and one stack per workload.
 */
export function copilotGeneratedStacks(
  features: CopilotFeatures,
  data: GeneratedResourcesData = readGeneratedResourcesData(),
): GeneratedStack[] {
  const template = (kind: TemplateKind) => {
    const found = data.templates.find((t) => t.kind === kind);
    if (!found) throw new Error(`no resource data for a Copilot ${kind}`);
    return found;
  };
  const { app, workloads } = features;
  const appDomain = features.environments.some((env) => env.appDomain);
  const stacks = [
    instantiate(template('app-roles'), `${app}-infrastructure-roles`, holdsFor({ appDomain }), workloads),
    instantiate(
      template('app-regional'),
      `${app}-infrastructure (StackSet instance, one per region)`,
      holdsFor({}),
      workloads,
    ),
  ];
  for (const env of features.environments) {
    stacks.push(instantiate(template('environment'), `${app}-${env.name}`, holdsFor(env), workloads));
    if (env.addons) {
      stacks.push({
        stack: `${app}-${env.name}-AddonsStack (nested)`,
        kind: 'environment addon',
        template: 'copilot/environments/addons',
        resources: features.environmentAddons.map((r) => ({ ...r, requires: 'always' })),
        omitted: [],
      });
    }
    for (const workload of workloads) {
      const kind = TEMPLATE_KINDS.find((k) => k === workload.kind);
      if (!kind) throw new Error(`no resource data for a Copilot ${workload.kind} (${workload.name})`);
      stacks.push(
        instantiate(template(kind), `${app}-${env.name}-${workload.name}`, holdsFor(workload), workloads),
      );
    }
  }
  return stacks;
}

export interface ResourceSummary {
  total: number;
  byStack: { stack: string; kind: string; template: string; total: number }[];
  byType: Record<string, number>;
}

export function summarizeResources(stacks: GeneratedStack[]): ResourceSummary {
  const byType = new Map<string, number>();
  for (const { resources } of stacks) {
    for (const { type } of resources) byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return {
    total: stacks.reduce((sum, { resources }) => sum + resources.length, 0),
    byStack: stacks.map(({ stack, kind, template, resources }) => ({
      stack,
      kind,
      template,
      total: resources.length,
    })),
    byType: Object.fromEntries([...byType].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))),
  };
}

export function formatResourceSummary(summary: ResourceSummary, data: GeneratedResourcesData): string {
  const { source } = data;
  const width = Math.max(...summary.byStack.map(({ stack }) => stack.length));
  const stacks = summary.byStack
    .map(
      ({ stack, template, total }) => `  ${stack.padEnd(width)}  ${String(total).padStart(3)}  ${template}`,
    )
    .join('\n');
  const types = Object.entries(summary.byType)
    .map(([type, count]) => `  ${String(count).padStart(3)} × ${type}`)
    .join('\n');
  return [
    `CloudFormation resources Copilot creates for copilot/ (templates of ${source.repository} ${source.describe},`,
    `commit ${source.commit.slice(0, 7)}; the pinned binary is ${source.pinnedRelease}):`,
    stacks,
    `Total: ${summary.total} resources in ${summary.byStack.length} stacks`,
    '',
    'By type:',
    types,
  ].join('\n');
}
