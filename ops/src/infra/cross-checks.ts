import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Workload } from './copilot-project.js';
import { DB_API_SECRET_EXPORT, DB_SECRET_EXPORT, DB_SECURITY_GROUP_EXPORT } from './database-security.js';
import { isValidFargateSize } from './fargate.js';
import { interpolate } from './interpolation.js';
import type { Problem } from './problem.js';

/** Project policy: the only workloads that may reach the database (security group and credentials). */
export const DATABASE_CLIENTS = ['api', 'migrator'];
/**
 * Project policy: the database secrets each client gets, by variable, and no other. The api logs in as its restricted
 * role, never as the master user; the migrator holds the master secret and the api's, to maintain the api's role.
 */
export const DATABASE_SECRETS: Record<string, Record<string, string>> = {
  api: { DB_SECRET: DB_API_SECRET_EXPORT },
  migrator: { DB_SECRET: DB_SECRET_EXPORT, API_DB_SECRET: DB_API_SECRET_EXPORT },
};
/** The longest graceful drain the apps need after SIGTERM (platform/src/shutdown/graceful-shutdown.ts). */
export const APP_DRAIN_SECONDS = 10;
/** Copilot's default deregistration delay; longer only slows every deployment. */
export const MAX_DEREGISTRATION_SECONDS = 60;

export function durationSeconds(duration: unknown): number | undefined {
  if (typeof duration !== 'string') return undefined;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match || duration === '') return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

interface FromCfnUse {
  at: string;
  name: string;
}

/** Every `from_cfn` import in a manifest, interpolated for the given application and environment. */
export function fromCfnUses(manifest: object, app: string, env: string): FromCfnUse[] {
  const uses: FromCfnUse[] = [];
  const visit = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${at}[${index}]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'from_cfn' && typeof item === 'string')
          uses.push({ at, name: interpolate(item, app, env) });
        else visit(item, at ? `${at}.${key}` : key);
      }
    }
  };
  visit(manifest, '');
  return uses;
}

/**
 * Checks that tie a workload manifest to the rest of the repository and to the environment addon: imports exist,
 * Dockerfiles exist, the health check is under the service's path, sizes are valid Fargate pairs, only the database
 * clients reach the database, Service Connect URLs name a real service and port, the job runs the migrator's build.
 */
export function crossCheckWorkload(
  workload: Workload,
  all: Workload[],
  exportNames: Set<string>,
  repoRoot: string,
  app: string,
  env: string,
): Problem[] {
  const problems: Problem[] = [];
  const { file } = workload.manifest;
  const m = workload.manifest.data;
  const fail = (at: string | undefined, message: string) => problems.push({ file, at, message });
  const name = String(m.name);

  if (name !== workload.dirName)
    fail('name', `must equal its directory name '${workload.dirName}' (Copilot's workload name)`);

  for (const use of fromCfnUses(m, app, env)) {
    if (!exportNames.has(use.name)) {
      fail(
        use.at,
        `imports '${use.name}', which no environment addon exports (exports: ${[...exportNames].join(', ') || 'none'})`,
      );
    }
  }

  const build = m.image?.build;
  if (build) {
    const dockerfile = String(build.dockerfile);
    if (dockerfile !== `${name}/Dockerfile`) fail('image.build.dockerfile', `must be ${name}/Dockerfile`);
    if (!existsSync(join(repoRoot, dockerfile)))
      fail('image.build.dockerfile', `${dockerfile} does not exist`);
    else {
      const runtime = finalStage(readFileSync(join(repoRoot, dockerfile), 'utf8'));
      if (runtime.workdir !== undefined && !runtime.workdir.endsWith(`/${name}`)) {
        fail(
          'image.build.dockerfile',
          `the image's final WORKDIR (${runtime.workdir}) is not the ${name} workspace, where dist/ lives`,
        );
      }
      if (typeof m.image?.port === 'number' && !runtime.exposed.includes(m.image.port)) {
        fail('image.port', `${dockerfile} does not EXPOSE ${m.image.port}`);
      }
    }
    const context = join(repoRoot, String(build.context));
    if (!existsSync(context) || !statSync(context).isDirectory())
      fail('image.build.context', 'is not a directory');
  }

  if (typeof m.cpu === 'number' && typeof m.memory === 'number' && !isValidFargateSize(m.cpu, m.memory)) {
    fail('memory', `cpu ${m.cpu} with memory ${m.memory} is not a valid Fargate task size`);
  }

  const range = typeof m.count?.range === 'string' ? m.count.range.split('-').map(Number) : undefined;
  if (range && range[0] > range[1]) fail('count.range', 'min is greater than max');

  if (m.type === 'Load Balanced Web Service' && m.http) {
    const prefix = String(m.http.path).replace(/^\/+|\/+$/g, '');
    const health = m.http.healthcheck?.path;
    if (
      typeof health === 'string' &&
      prefix !== '' &&
      health !== `/${prefix}` &&
      !health.startsWith(`/${prefix}/`)
    ) {
      fail(
        'http.healthcheck.path',
        `the ALB probes the container directly and Copilot does not strip '/${prefix}': the app only serves paths under /${prefix}`,
      );
    }
    const interval = durationSeconds(m.http.healthcheck?.interval) ?? 30;
    const timeout = durationSeconds(m.http.healthcheck?.timeout) ?? 5;
    if (timeout >= interval)
      fail('http.healthcheck.timeout', 'the ALB requires the timeout to be shorter than the interval');
    const delay = durationSeconds(m.http.deregistration_delay);
    if (delay !== undefined && (delay < APP_DRAIN_SECONDS || delay > MAX_DEREGISTRATION_SECONDS)) {
      fail(
        'http.deregistration_delay',
        `must be ${APP_DRAIN_SECONDS}s–${MAX_DEREGISTRATION_SECONDS}s: long enough for requests in flight to finish before ECS sends SIGTERM, short enough not to stall deployments`,
      );
    }
  }

  if (m.variables?.NODE_ENV !== 'production') fail('variables.NODE_ENV', "must be 'production'");

  // Database reachability: the security group and the secret only where policy allows.
  const sub = (exportName: string) => exportName.replace('${App}', app).replace('${Env}', env);
  const groups = m.network?.vpc?.security_groups ?? [];
  const attachesDbGroup = groups.some(
    (group) => interpolate(String(group.from_cfn), app, env) === sub(DB_SECURITY_GROUP_EXPORT),
  );
  const dbSecretExports = [DB_SECRET_EXPORT, DB_API_SECRET_EXPORT].map(sub);
  const importsDbAnything = fromCfnUses(m, app, env).some(
    (use) => dbSecretExports.includes(use.name) || use.name === sub(DB_SECURITY_GROUP_EXPORT),
  );
  if (DATABASE_CLIENTS.includes(name)) {
    if (!attachesDbGroup)
      fail(
        'network.vpc.security_groups',
        `must attach the database workload security group (${DB_SECURITY_GROUP_EXPORT})`,
      );
    const expected = DATABASE_SECRETS[name] ?? {};
    for (const [variable, exportName] of Object.entries(expected)) {
      const secret = m.secrets?.[variable]?.from_cfn;
      if (typeof secret !== 'string' || interpolate(secret, app, env) !== sub(exportName))
        fail(`secrets.${variable}`, `must be from_cfn ${exportName}`);
    }
    for (const use of fromCfnUses(m, app, env)) {
      const variable = /^secrets\.(.+)$/.exec(use.at)?.[1];
      if (
        dbSecretExports.includes(use.name) &&
        (variable === undefined || sub(expected[variable] ?? '') !== use.name)
      )
        fail(
          use.at,
          `${name} may get only ${Object.entries(expected)
            .map(([key, value]) => `${key} (${value})`)
            .join(' and ')} of the database secrets`,
        );
    }
    if (m.variables?.DATABASE_SSL !== 'verify')
      fail('variables.DATABASE_SSL', "must be 'verify' (TLS to Aurora, certificate checked)");
  } else {
    if (importsDbAnything || m.secrets !== undefined) {
      fail(
        'network.vpc.security_groups',
        `only ${DATABASE_CLIENTS.join(' and ')} may reach the database: no database security group, no secrets`,
      );
    }
    for (const key of Object.keys(m.variables ?? {})) {
      if (/^(DATABASE_|DB_)/.test(key))
        fail(`variables.${key}`, `only ${DATABASE_CLIENTS.join(' and ')} get database settings`);
    }
  }

  // Service Connect: an http://<name>:<port> variable (a host without dots) must name a connected service on its
  // image port; anything else would fail to resolve inside the environment.
  for (const [key, value] of Object.entries(m.variables ?? {})) {
    if (typeof value !== 'string' || !/^https?:\/\//.test(value)) continue;
    const url = new URL(value);
    if (url.hostname.includes('.')) continue;
    const target = all.find((other) => other.dirName === url.hostname);
    if (!target) {
      fail(
        `variables.${key}`,
        `'${url.hostname}' is not a service of this application (Service Connect names are workload names)`,
      );
      continue;
    }
    const t = target.manifest.data;
    if (t.network?.connect !== true || m.network?.connect !== true) {
      fail(
        `variables.${key}`,
        `${url.hostname} is reachable by name only if both services set network.connect: true`,
      );
    }
    if (url.protocol !== 'http:')
      fail(`variables.${key}`, 'Service Connect traffic is plain http inside the VPC');
    const port = Number(url.port || 80);
    if (port !== t.image?.port)
      fail(`variables.${key}`, `${url.hostname} listens on ${t.image?.port} (its image.port), not ${port}`);
  }
  if (name === 'web' && typeof m.variables?.API_URL !== 'string') {
    fail('variables.API_URL', 'web needs API_URL (http://api:3000 through Service Connect)');
  }

  if (m.type === 'Scheduled Job') {
    const command = Array.isArray(m.command) ? m.command.join(' ') : undefined;
    const packageFile = join(repoRoot, name, 'package.json');
    const start = existsSync(packageFile)
      ? (JSON.parse(readFileSync(packageFile, 'utf8')) as { scripts?: Record<string, string> }).scripts?.start
      : undefined;
    if (command !== start)
      fail('command', `must run the workload's start script (${name}/package.json: ${start ?? 'missing'})`);
    const entry = /^node (dist\/\S+)\.js$/.exec(command ?? '');
    const source = entry ? join(repoRoot, name, `${entry[1].replace(/^dist\//, 'src/')}.ts`) : undefined;
    if (!source || !existsSync(source)) {
      fail('command', `${command} must be the build output of ${name}/src/*.ts (source not found)`);
    }
  }
  if (workload.addonFiles.length > 0) {
    fail(
      undefined,
      `workload addons (${workload.addonFiles.join(', ')}) are not part of this project's checked configuration`,
    );
  }
  return problems;
}

/** The last stage of a Dockerfile: its final WORKDIR and its EXPOSEd ports. */
export function finalStage(dockerfile: string): { workdir?: string; exposed: number[] } {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim());
  const start = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  let workdir: string | undefined;
  const exposed: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const workdirMatch = /^WORKDIR\s+(\S+)/i.exec(line);
    if (workdirMatch) workdir = workdirMatch[1];
    const exposeMatch = /^EXPOSE\s+(.+)$/i.exec(line);
    if (exposeMatch) exposed.push(...exposeMatch[1].split(/\s+/).map((port) => Number.parseInt(port, 10)));
  }
  return { workdir, exposed };
}
