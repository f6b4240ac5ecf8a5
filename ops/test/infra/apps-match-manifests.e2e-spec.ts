import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'yaml';
import { parseCfnYaml } from '../../src/infra/cfn-yaml.js';
import { REPO_ROOT } from '../../src/infra/testing/copilot-copy.js';

/**
 * The manifests make claims about the apps that Copilot cannot check: the port each container listens on, the path
 * the ALB health check probes, and that the variables and secret a task receives are ones the app accepts. These
 * tests ask the real apps.
 */
interface Manifest {
  image: { port: number };
  http: { healthcheck: { path: string } };
  variables: Record<string, string>;
}

/**
 * The apps' own modules, loaded from their sources by path (jest compiles them like their own tests do). A typed
 * import would pull the other workspaces into this one's TypeScript program; these are the few signatures used.
 */
type Env = Record<string, string | undefined>;
interface WebModules {
  WebConfig: { fromEnv(env: Env): { port: number; apiUrl: string; nodeEnv?: string } };
  createWebApp(
    config: unknown,
    options: { logDestination: { write(line: string): void } },
  ): Promise<NestFastifyApplication>;
}
interface DbModules {
  loadDatabaseConfig(env: Env): unknown;
  loadApiRoleConfig(env: Env, migrator: unknown): unknown;
}
interface MigratorModules {
  createMigratedDatabase(options: { prefix: string }): Promise<{ apiUrl: string; drop(): Promise<void> }>;
}
interface ApiModules {
  AppConfig: { fromEnv(env: Env): { port: number; logLevel: string } };
  createApp(config: unknown): Promise<NestFastifyApplication>;
}
async function importSource<T>(...files: string[]): Promise<T> {
  // One after the other: jest's ESM loader fails ("not in cache") when two imports link a shared module at once.
  const modules = [];
  for (const file of files) modules.push(await import(join(REPO_ROOT, file)));
  return Object.assign({}, ...modules) as T;
}

async function manifest(workload: string): Promise<Manifest> {
  return parse(await readFile(join(REPO_ROOT, 'copilot', workload, 'manifest.yml'), 'utf8')) as Manifest;
}

const RDS_CA_BUNDLE = join(REPO_ROOT, 'docker', 'rds-ca', 'rds-global-bundle.pem');

/** GET → status code, on a fresh connection that is closed afterwards (no keep-alive left behind). */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

function baseUrl(app: NestFastifyApplication): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe('web against copilot/web/manifest.yml', () => {
  let web: Manifest;
  let app: NestFastifyApplication;
  let WebConfig: WebModules['WebConfig'];

  beforeAll(async () => {
    web = await manifest('web');
    const modules = await importSource<WebModules>('web/src/config/web-config.ts', 'web/src/web-app.ts');
    WebConfig = modules.WebConfig;
    // The api is deliberately unreachable: web's health check must not depend on it.
    const config = WebConfig.fromEnv({
      ...web.variables,
      PORT: '0',
      METRICS_PORT: '0',
      API_URL: 'http://127.0.0.1:9',
    });
    app = await modules.createWebApp(config, { logDestination: { write: () => {} } });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("listens by default on the manifest's image.port", () => {
    expect(WebConfig.fromEnv({}).port).toBe(web.image.port);
  });

  it('accepts every variable the manifest sets', () => {
    const config = WebConfig.fromEnv(web.variables);
    expect(config.nodeEnv).toBe('production');
    expect(config.apiUrl).toBe(web.variables.API_URL);
  });

  it('answers the ALB health check path with 200 while the api is down', async () => {
    expect(await statusOf(`${baseUrl(app)}${web.http.healthcheck.path}`)).toBe(200);
  });

  it('has a health check path that is a real route (an unknown path is not 200)', async () => {
    expect(await statusOf(`${baseUrl(app)}${web.http.healthcheck.path}-not-a-route`)).toBe(404);
  });
});

describe('api against copilot/api/manifest.yml', () => {
  let api: Manifest;
  let app: NestFastifyApplication;
  let modules: ApiModules;
  let database: { apiUrl: string; drop(): Promise<void> };

  beforeAll(async () => {
    api = await manifest('api');
    modules = await importSource<ApiModules>('api/src/config/app-config.ts', 'api/src/app.factory.ts');
    const migrator = await importSource<MigratorModules>('migrator/src/testing/index.ts');
    database = await migrator.createMigratedDatabase({ prefix: 'ops_infra_api' });
    const config = modules.AppConfig.fromEnv({
      DATABASE_URL: database.apiUrl,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    app = await modules.createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("listens by default on the manifest's image.port", () => {
    expect(modules.AppConfig.fromEnv({ DATABASE_URL: 'postgres://app@db.internal:5432/app' }).port).toBe(
      api.image.port,
    );
  });

  it('accepts every variable the manifest sets (with the secret ECS injects)', () => {
    const config = modules.AppConfig.fromEnv({
      ...api.variables,
      DB_SECRET: JSON.stringify({ host: 'db', port: 5432, dbname: 'app', username: 'app', password: 'x' }),
      DATABASE_CA_FILE: RDS_CA_BUNDLE,
    });
    expect(config.logLevel).toBe(api.variables.LOG_LEVEL);
  });

  it('answers the ALB health check path with 200', async () => {
    expect(await statusOf(`${baseUrl(app)}${api.http.healthcheck.path}`)).toBe(200);
  });

  it("does not serve Copilot's default health check path '/' (why the manifest sets one)", async () => {
    expect(await statusOf(`${baseUrl(app)}/`)).toBe(404);
  });
});

describe('the database secret contract (env addon → DB_SECRET → api and migrator)', () => {
  type Addon = {
    Parameters: Record<string, { Default?: string }>;
    Resources: Record<string, { Properties: { GenerateSecretString: Record<string, unknown> } }>;
  };
  const readAddon = async () =>
    parseCfnYaml(
      await readFile(join(REPO_ROOT, 'copilot', 'environments', 'addons', 'db.yml'), 'utf8'),
    ) as Addon;
  /** The JSON Aurora puts in one of the addon's secrets. */
  function secretJson(addon: Addon, logicalId: string, password: string) {
    const generate = addon.Resources[logicalId].Properties.GenerateSecretString;
    const template = (generate.SecretStringTemplate as { 'Fn::Sub': string })['Fn::Sub'].replace(
      /\$\{(\w+)\}/g,
      (_, name: string) => String(addon.Parameters[name]?.Default),
    );
    // GenerateSecretString adds the password; SecretTargetAttachment adds the cluster's connection fields.
    return {
      ...JSON.parse(template),
      [String(generate.GenerateStringKey)]: password,
      host: 'db.cluster-abc.us-east-1.rds.amazonaws.com',
      port: 5432,
      engine: 'postgres',
      dbClusterIdentifier: 'iac-experiment-production-dbdbcluster',
    };
  }

  it('each workload logs in as its user: the migrator as the master user, the api as its own role', async () => {
    const { loadDatabaseConfig } = await importSource<DbModules>('db/src/index.ts');
    const addon = await readAddon();
    const secrets = {
      master: secretJson(addon, 'dbAuroraSecret', 'master-password'),
      api: secretJson(addon, 'dbApiSecret', 'api-password'),
    };
    for (const [workload, secret] of [
      ['migrator', secrets.master],
      ['api', secrets.api],
    ] as const) {
      const { variables } = await manifest(workload);
      const config = loadDatabaseConfig({
        ...variables,
        DB_SECRET: JSON.stringify(secret),
        DATABASE_CA_FILE: RDS_CA_BUNDLE,
      });
      expect(config).toMatchObject({
        source: 'DB_SECRET',
        host: secret.host,
        port: 5432,
        database: addon.Parameters.dbDBName.Default,
        user: secret.username,
        ssl: { mode: 'verify' },
      });
    }
    expect(secrets.master.username).toBe('postgres');
    expect(secrets.api.username).not.toBe(secrets.master.username);
  });

  it("the migrator reads the api's secret as API_DB_SECRET: the role it maintains is the one the api logs in as", async () => {
    const { loadDatabaseConfig, loadApiRoleConfig } = await importSource<DbModules>('db/src/index.ts');
    const addon = await readAddon();
    const { variables } = await manifest('migrator');
    const api = secretJson(addon, 'dbApiSecret', 'api-password');
    const env = {
      ...variables,
      DB_SECRET: JSON.stringify(secretJson(addon, 'dbAuroraSecret', 'master-password')),
      API_DB_SECRET: JSON.stringify(api),
      DATABASE_CA_FILE: RDS_CA_BUNDLE,
    };
    expect(loadApiRoleConfig(env, loadDatabaseConfig(env))).toEqual({
      source: 'API_DB_SECRET',
      name: api.username,
      password: 'api-password',
      database: addon.Parameters.dbDBName.Default,
    });
  });
});
