import { isObject, type TemplateFile, type TemplateNode } from './template.js';
import { allNodes, type Located } from './walk.js';

/** What the comparison and the cost model need to know about the resources a template creates. */
export interface NorthflankService {
  name: string;
  path: string;
  plan: string;
  instances: number;
  replicas: { min: number; max: number };
  ports: { name: string; internalPort: number; public: boolean; protocol: string; domains: string[] }[];
  httpProbes: { type: string; path: string; port?: number }[];
  environmentNames: string[];
  /** The build service node (by ref) whose builds this service runs. */
  buildServiceRef?: string;
}

export interface NorthflankJob {
  name: string;
  path: string;
  plan: string;
  deadlineSeconds?: number;
  backoffLimit: number;
  command?: string;
  environmentNames: string[];
  buildServiceRef?: string;
}

export interface NorthflankBuildService {
  ref?: string;
  name: string;
  buildPlan?: string;
  dockerFilePath?: string;
  dockerWorkDir?: string;
}

export interface NorthflankAddon {
  name: string;
  type: string;
  version: string;
  plan: string;
  replicas: number;
  storageMb: number;
}

export interface NorthflankSecretGroup {
  name: string;
  restricted: boolean;
  /** Whether it exposes an addon's connection details (credentials). */
  linksAddon: boolean;
  /** Names of the services and jobs it is restricted to (refs resolved to the nodes' names). */
  restrictedTo: { id: string; type: string }[];
  variableNames: string[];
}

export interface NorthflankSubdomainPath {
  ref?: string;
  subdomain: string;
  uri: string;
  mode: string;
}

export interface NorthflankModel {
  projectRegion?: string;
  services: NorthflankService[];
  jobs: NorthflankJob[];
  buildServices: NorthflankBuildService[];
  addons: NorthflankAddon[];
  secretGroups: NorthflankSecretGroup[];
  subdomainPaths: NorthflankSubdomainPath[];
}

const REF_ID = /^\$\{refs\.([A-Za-z0-9_-]+)\.[A-Za-z]+\}$/;
const asRecord = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The ref a value like `${refs.api-builder.id}` points at. */
export function refIn(value: unknown): string | undefined {
  return typeof value === 'string' ? REF_ID.exec(value)?.[1] : undefined;
}

/** Resolves `${args.NAME}` to the argument's value in the template, leaving anything else as written. */
export function resolveArgs(value: string, template: TemplateFile): string {
  return value.replace(
    /\$\{args\.([A-Za-z0-9_]+)\}/g,
    (whole, name: string) => template.arguments?.[name] ?? whole,
  );
}

/** Names the template gives resources the nodes' specs; the nodes of release flows are not resources. */
function resourceNodes(template: TemplateFile): Located[] {
  return allNodes(template.spec).filter((located) => !located.path.includes('.releaseFlow.'));
}

function secretGroupsOf(nodes: TemplateNode[], byRef: Map<string, TemplateNode>): NorthflankSecretGroup[] {
  return nodes
    .filter((node) => node.kind === 'SecretGroup')
    .map((node) => {
      const spec = asRecord(node.spec);
      const restrictions = asRecord(spec.restrictions);
      const secrets = asRecord(spec.secrets);
      const linked = asArray(spec.addonDependencies).flatMap((dependency) =>
        asArray(asRecord(dependency).keys).flatMap((key) => {
          const { keyName, aliases } = asRecord(key);
          const names = asArray(aliases).filter((alias): alias is string => typeof alias === 'string');
          return names.length > 0 ? names : typeof keyName === 'string' ? [keyName] : [];
        }),
      );
      return {
        name: str(spec.name) ?? '',
        restricted: restrictions.restricted === true,
        linksAddon: asArray(spec.addonDependencies).length > 0,
        restrictedTo: asArray(restrictions.nfObjects).map((object) => {
          const { id, type } = asRecord(object);
          const ref = refIn(id);
          const target = ref ? byRef.get(ref) : undefined;
          return {
            id: (target ? str(asRecord(target.spec).name) : str(id)) ?? String(id),
            type: str(type) ?? '',
          };
        }),
        variableNames: [...Object.keys(asRecord(secrets.variables)), ...linked],
      };
    });
}

/** Variables a workload receives: its own runtime environment plus the secret groups that reach it. */
function environmentOf(
  spec: Record<string, unknown>,
  type: 'service' | 'job',
  groups: NorthflankSecretGroup[],
) {
  const name = str(spec.name);
  const own = Object.keys(asRecord(spec.runtimeEnvironment));
  const inherited = groups
    .filter(
      (group) =>
        !group.restricted || group.restrictedTo.some((target) => target.id === name && target.type === type),
    )
    .flatMap((group) => group.variableNames);
  return [...new Set([...own, ...inherited])].sort();
}

export function describeTemplate(template: TemplateFile): NorthflankModel {
  const located = resourceNodes(template);
  const nodes = located.map((entry) => entry.node);
  const byRef = new Map(nodes.flatMap((node) => (node.ref ? [[node.ref, node] as const] : [])));
  const secretGroups = secretGroupsOf(nodes, byRef);
  const project = nodes.find((node) => node.kind === 'Project');
  const region = project ? str(asRecord(project.spec).region) : undefined;

  const services = located
    .filter(({ node }) => node.kind === 'DeploymentService')
    .map(({ node, path }): NorthflankService => {
      const spec = asRecord(node.spec);
      const deployment = asRecord(spec.deployment);
      const horizontal = asRecord(asRecord(spec.autoscaling).horizontal);
      const instances = num(deployment.instances) ?? 1;
      const scaling = horizontal.enabled === true;
      return {
        name: str(spec.name) ?? '',
        path,
        plan: str(asRecord(spec.billing).deploymentPlan) ?? '',
        instances,
        replicas: {
          min: scaling ? (num(horizontal.minReplicas) ?? instances) : instances,
          max: scaling ? (num(horizontal.maxReplicas) ?? instances) : instances,
        },
        ports: asArray(spec.ports).map((port) => {
          const p = asRecord(port);
          return {
            name: str(p.name) ?? '',
            internalPort: num(p.internalPort) ?? 0,
            public: p.public === true,
            protocol: str(p.protocol) ?? '',
            domains: asArray(p.domains).filter((domain): domain is string => typeof domain === 'string'),
          };
        }),
        httpProbes: asArray(spec.healthChecks)
          .map(asRecord)
          .filter((check) => check.protocol === 'HTTP')
          .map((check) => ({
            type: str(check.type) ?? '',
            path: str(check.path) ?? '',
            port: num(check.port),
          })),
        environmentNames: environmentOf(spec, 'service', secretGroups),
        buildServiceRef: refIn(asRecord(deployment.internal).id),
      };
    });

  const jobs = located
    .filter(({ node }) => node.kind === 'ManualJob' || node.kind === 'CronJob')
    .map(({ node, path }): NorthflankJob => {
      const spec = asRecord(node.spec);
      const deployment = asRecord(spec.deployment);
      const docker = asRecord(deployment.docker);
      return {
        name: str(spec.name) ?? '',
        path,
        plan: str(asRecord(spec.billing).deploymentPlan) ?? '',
        deadlineSeconds: num(spec.activeDeadlineSeconds),
        backoffLimit: num(spec.backoffLimit) ?? 0,
        command: docker.configType === 'customCommand' ? str(docker.customCommand) : undefined,
        environmentNames: environmentOf(spec, 'job', secretGroups),
        buildServiceRef: refIn(asRecord(deployment.internal).id),
      };
    });

  const buildServices = nodes
    .filter((node) => node.kind === 'BuildService')
    .map((node): NorthflankBuildService => {
      const spec = asRecord(node.spec);
      const dockerfile = asRecord(asRecord(spec.buildSettings).dockerfile);
      return {
        ref: node.ref,
        name: str(spec.name) ?? '',
        buildPlan: str(asRecord(spec.billing).buildPlan),
        dockerFilePath: str(dockerfile.dockerFilePath),
        dockerWorkDir: str(dockerfile.dockerWorkDir),
      };
    });

  const addons = nodes
    .filter((node) => node.kind === 'Addon')
    .map((node): NorthflankAddon => {
      const spec = asRecord(node.spec);
      const billing = asRecord(spec.billing);
      return {
        name: str(spec.name) ?? '',
        type: str(spec.type) ?? '',
        version: str(spec.version) ?? '',
        plan: str(billing.deploymentPlan) ?? '',
        replicas: num(billing.replicas) ?? 1,
        storageMb: num(billing.storage) ?? 0,
      };
    });

  const subdomainPaths = nodes
    .filter((node) => node.kind === 'SubdomainPath')
    .map((node): NorthflankSubdomainPath => {
      const spec = asRecord(node.spec);
      return {
        ref: node.ref,
        subdomain: resolveArgs(str(spec.subdomain) ?? '', template),
        uri: str(spec.uri) ?? '',
        mode: str(spec.mode) ?? '',
      };
    });

  return {
    projectRegion: region ? resolveArgs(region, template) : undefined,
    services,
    jobs,
    buildServices,
    addons,
    secretGroups,
    subdomainPaths,
  };
}
