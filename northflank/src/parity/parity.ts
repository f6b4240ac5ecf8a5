import type { CopilotApp, CopilotWorkload } from '../copilot/manifests.js';
import type { NorthflankPriceTable } from '../cost/prices.js';
import { type NorthflankModel, type NorthflankService, refIn } from '../template/model.js';

export interface ParityProblem {
  workload: string;
  message: string;
}

/**
 * Variables that carry the same thing under each platform's native name. Every other variable must have the same
 * name on both sides, and any new difference fails the parity check until it is listed here with its reason.
 */
export const EQUIVALENT_VARIABLES: readonly { copilot: string; northflank: string; why: string }[] = [
  {
    copilot: 'DB_SECRET',
    northflank: 'DATABASE_URL',
    why:
      'the database connection: Copilot injects the Aurora secret (JSON) from Secrets Manager, Northflank links the ' +
      "addon's POSTGRES_URI; the apps accept either (db/src/config/database-config.ts)",
  },
];

/**
 * Variables one workload gets on Copilot only, each with its reason. Anything else Copilot gives and Northflank does
 * not is a parity failure.
 */
export const COPILOT_ONLY_VARIABLES: readonly { workload: string; name: string; why: string }[] = [
  {
    workload: 'migrator',
    name: 'API_DB_SECRET',
    why:
      "the api's restricted database role: the Aurora addon generates its own secret and the migrator maintains the " +
      'role from it. A Northflank addon links one connection (its admin user) to api and migrator, so there the api ' +
      'keeps that user (docs/northflank.md)',
  },
];

type Plans = NorthflankPriceTable['plans'];

/**
 * The Northflank plan that matches a Fargate task size: the least memory that is at least the task's (memory is the
 * hard limit the apps are sized for), then the vCPU nearest the task's (CPU is throttled, not fatal), then the price.
 */
export function planForTaskSize(cpuUnits: number, memoryMb: number, plans: Plans): string | undefined {
  const vcpu = cpuUnits / 1024;
  const fits = Object.entries(plans).filter(([, plan]) => plan.memoryMb >= memoryMb);
  const leastMemory = Math.min(...fits.map(([, plan]) => plan.memoryMb));
  return fits
    .filter(([, plan]) => plan.memoryMb === leastMemory)
    .sort(
      ([, a], [, b]) => Math.abs(a.vcpu - vcpu) - Math.abs(b.vcpu - vcpu) || a.usdMonth.usd - b.usdMonth.usd,
    )[0]?.[0];
}

function normaliseVariables(names: string[]): string[] {
  return names
    .map((name) => EQUIVALENT_VARIABLES.find((pair) => pair.copilot === name)?.northflank ?? name)
    .sort();
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/** `/api/Dockerfile` from Copilot's `api/Dockerfile` (paths relative to the repository root). */
const fromRoot = (path: string) => `/${path.replace(/^\.?\//, '')}`;

/** The route a Northflank port serves: `/` for a domain, or the prefix of the subdomain path it is linked to. */
function routesOf(service: NorthflankService, model: NorthflankModel): string[] {
  return service.ports
    .filter((port) => port.public)
    .flatMap((port) =>
      port.domains.map((domain) => {
        const ref = refIn(domain);
        if (!ref) return '/';
        const path = model.subdomainPaths.find((candidate) => candidate.ref === ref);
        return path ? `${path.mode}:${path.uri}` : `(unknown ${domain})`;
      }),
    );
}

/** Copilot's `http.path` as a Northflank route: `/` or a prefix (`api` becomes the rules /api and /api/*). */
const copilotRoute = (path: string) => (path === '/' ? '/' : `prefix:/${path.replace(/^\/|\/$/g, '')}`);

function checkBuild(
  workload: CopilotWorkload,
  buildServiceRef: string | undefined,
  model: NorthflankModel,
  report: (m: string) => void,
) {
  const builder = model.buildServices.find((candidate) => candidate.ref === buildServiceRef);
  if (!builder) return report('does not deploy the builds of a build service of the template');
  if (workload.dockerfile && builder.dockerFilePath !== fromRoot(workload.dockerfile)) {
    report(`builds ${builder.dockerFilePath} on Northflank but ${workload.dockerfile} on Copilot`);
  }
  const context =
    workload.buildContext === undefined ? undefined : fromRoot(workload.buildContext).replace(/\/\.?$/, '/');
  if (context && builder.dockerWorkDir !== context) {
    report(
      `builds with context ${builder.dockerWorkDir} on Northflank but ${workload.buildContext} on Copilot`,
    );
  }
}

function checkService(
  workload: CopilotWorkload,
  service: NorthflankService,
  model: NorthflankModel,
  plans: Plans,
  report: (m: string) => void,
) {
  const publicHttp = service.ports.filter((port) => port.public && port.protocol.startsWith('HTTP'));
  if (publicHttp.length !== 1) report(`has ${publicHttp.length} public HTTP ports on Northflank, expected 1`);
  const port = publicHttp[0]?.internalPort;
  if (port !== workload.port)
    report(`listens on ${port} on Northflank but on ${workload.port} on Copilot (image.port)`);

  if (!service.httpProbes.some((probe) => probe.type === 'readinessProbe'))
    report('has no HTTP readiness probe on Northflank');
  for (const probe of service.httpProbes) {
    if (probe.path !== workload.healthPath) {
      report(
        `${probe.type} checks ${probe.path} on Northflank but Copilot's health check is ${workload.healthPath}`,
      );
    }
    if (probe.port !== undefined && probe.port !== workload.port)
      report(`${probe.type} checks port ${probe.port}, not ${workload.port}`);
  }

  if (workload.httpPath !== undefined) {
    const expected = copilotRoute(workload.httpPath);
    const routes = routesOf(service, model);
    if (!sameList(routes, [expected])) {
      report(
        `is routed as ${routes.join(', ') || 'nothing'} on Northflank but as ${expected} on Copilot (http.path)`,
      );
    }
  }

  const { min, max } = workload.count;
  if (service.replicas.min !== min || service.replicas.max !== max) {
    report(
      `scales ${service.replicas.min}-${service.replicas.max} on Northflank but ${min}-${max} on Copilot`,
    );
  }
  if (service.instances !== min)
    report(`starts ${service.instances} instance(s) on Northflank, Copilot's minimum is ${min}`);

  const plan = planForTaskSize(workload.cpu, workload.memory, plans);
  if (service.plan !== plan) {
    report(
      `uses ${service.plan} on Northflank; the plan sized like Copilot's ${workload.cpu} CPU / ${workload.memory} MiB is ${plan}`,
    );
  }
  checkBuild(workload, service.buildServiceRef, model, report);
}

/**
 * Compares the Copilot workloads with what the Northflank template creates: the same workloads, ports, health
 * paths, routes, variable names, sizes, scaling ranges, job limits and Dockerfiles. Returns every difference.
 */
export function checkParity(app: CopilotApp, model: NorthflankModel, plans: Plans): ParityProblem[] {
  const problems: ParityProblem[] = [];
  const copilotNames = app.workloads.map((workload) => workload.name).sort();
  const northflankNames = [...model.services, ...model.jobs].map((resource) => resource.name).sort();
  for (const name of copilotNames.filter((name) => !northflankNames.includes(name))) {
    problems.push({
      workload: name,
      message: 'is a Copilot workload with no Northflank service or job of that name',
    });
  }
  for (const name of northflankNames.filter((name) => !copilotNames.includes(name))) {
    problems.push({
      workload: name,
      message: 'is a Northflank service or job with no Copilot workload of that name',
    });
  }

  const major = (version: string | undefined) => version?.split('.')[0];
  for (const db of app.databases.filter((candidate) => candidate.instances > 0)) {
    const postgres = model.addons.filter((addon) => addon.type === 'postgresql');
    if (postgres.length === 0)
      problems.push({
        workload: 'database',
        message: 'Copilot has an Aurora cluster, Northflank no postgresql addon',
      });
    for (const addon of postgres) {
      if (major(addon.version) !== major(db.engineVersion)) {
        problems.push({
          workload: addon.name,
          message: `runs PostgreSQL ${addon.version} on Northflank but ${db.engineVersion} on Aurora (majors must match)`,
        });
      }
    }
  }

  for (const workload of app.workloads) {
    const report = (message: string) => problems.push({ workload: workload.name, message });
    const service = model.services.find((candidate) => candidate.name === workload.name);
    const job = model.jobs.find((candidate) => candidate.name === workload.name);
    if (workload.isJob && service) report('is a Copilot job but a Northflank service');
    if (!workload.isJob && job) report('is a Copilot service but a Northflank job');
    const resource = service ?? job;
    if (!resource) continue;

    const copilotOnly = (name: string) =>
      COPILOT_ONLY_VARIABLES.some((only) => only.workload === workload.name && only.name === name);
    const copilotVariables = normaliseVariables(
      [...workload.variableNames, ...workload.secretNames].filter((name) => !copilotOnly(name)),
    );
    if (!sameList(copilotVariables, resource.environmentNames)) {
      report(
        `gets variables ${resource.environmentNames.join(', ')} on Northflank but ${copilotVariables.join(', ')} on Copilot ` +
          '(after EQUIVALENT_VARIABLES)',
      );
    }

    if (service && !workload.isJob) checkService(workload, service, model, plans, report);
    if (job && workload.isJob) {
      const plan = planForTaskSize(workload.cpu, workload.memory, plans);
      if (job.plan !== plan)
        report(`uses ${job.plan} on Northflank; the plan sized like Copilot's task is ${plan}`);
      if (job.deadlineSeconds !== workload.timeoutSeconds) {
        report(
          `times out after ${job.deadlineSeconds ?? 'never'} s on Northflank but ${workload.timeoutSeconds ?? 'never'} s on Copilot`,
        );
      }
      if (job.backoffLimit !== workload.retries)
        report(`retries ${job.backoffLimit} time(s) on Northflank but ${workload.retries} on Copilot`);
      if (workload.command !== undefined && job.command !== workload.command) {
        report(
          `runs "${job.command ?? "the image's CMD"}" on Northflank but "${workload.command}" on Copilot`,
        );
      }
      checkBuild(workload, job.buildServiceRef, model, report);
    }
  }
  return problems;
}
