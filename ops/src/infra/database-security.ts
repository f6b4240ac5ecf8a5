import type { AddonTemplate } from './addon-rules.js';
import { referencedLogicalIds } from './addon-rules.js';
import { asIntrinsic } from './cfn-yaml.js';
import { ENVIRONMENT_STACK_LOGICAL_IDS } from './copilot-template-facts.js';
import type { Problem } from './problem.js';

/** The production PostgreSQL major (team convention; docker compose and the embedded Postgres use the same). */
export const POSTGRES_MAJOR = 17;
export const POSTGRES_PORT = 5432;
/** Team convention: the env addon's exports, before `${App}`/`${Env}` are substituted. */
export const DB_SECURITY_GROUP_EXPORT = '${App}-${Env}-dbSecurityGroup';
export const DB_SECRET_EXPORT = '${App}-${Env}-dbAuroraSecret';
/** The api's restricted role (the migrator maintains it): what the api gets instead of the master secret. */
export const DB_API_SECRET_EXPORT = '${App}-${Env}-dbApiSecret';

type Resources = Record<string, Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `!Ref X` or `!GetAtt X.<attribute>` → X. */
export function targetOf(value: unknown, attribute?: string): string | undefined {
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Ref' && typeof intrinsic.args === 'string') return intrinsic.args;
  if (intrinsic?.name === 'Fn::GetAtt' && Array.isArray(intrinsic.args)) {
    const [logicalId, name] = intrinsic.args as [string, string];
    if (attribute === undefined || name === attribute) return logicalId;
  }
  return undefined;
}

/** Resolves a literal or `Fn::Sub` string with the given variables; undefined when it is anything else. */
export function resolveSubString(value: unknown, variables: Record<string, string>): string | undefined {
  if (typeof value === 'string') return value;
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name !== 'Fn::Sub' || typeof intrinsic.args !== 'string') return undefined;
  let unresolved = false;
  const resolved = intrinsic.args.replace(/\$\{([^}!]*)\}/g, (_, name: string) => {
    if (name in variables) return variables[name];
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : resolved;
}

/** Export name (with App/Env substituted) → the output's value, for every exported output of the addon. */
export function addonExports(
  template: AddonTemplate,
  app: string,
  env: string,
): Map<string, { output: string; value: unknown }> {
  const exports = new Map<string, { output: string; value: unknown }>();
  for (const [output, definition] of Object.entries(template.Outputs ?? {})) {
    if (!isRecord(definition) || !isRecord(definition.Export)) continue;
    const name = resolveSubString(definition.Export.Name, { App: app, Env: env });
    if (name) exports.set(name, { output, value: definition.Value });
  }
  return exports;
}

/**
 * The database must be reachable only from the workload security group, on 5432, from private subnets, encrypted,
 * backed up, protected from deletion, snapshotted when its stack goes away, with credentials generated into a
 * Secrets Manager secret that Copilot's execution role may read.
 */
export function checkDatabaseSecurity(
  template: AddonTemplate,
  file: string,
  parameterValues: Record<string, unknown>,
  app: string,
  env: string,
): Problem[] {
  const problems: Problem[] = [];
  const fail = (at: string, message: string) => problems.push({ file, at, message });
  const resources = (template.Resources ?? {}) as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const props = (logicalId: string) => (resources[logicalId]?.Properties ?? {}) as Record<string, unknown>;

  const clusters = ofType('AWS::RDS::DBCluster');
  if (clusters.length !== 1) {
    fail('Resources', `expected exactly one AWS::RDS::DBCluster, found ${clusters.length}`);
    return problems;
  }
  const [clusterId, cluster] = clusters[0];
  const c = props(clusterId);
  const at = (key: string) => `Resources.${clusterId}.${key}`;

  if (c.Engine !== 'aurora-postgresql') fail(at('Properties.Engine'), 'must be aurora-postgresql');
  const version = typeof c.EngineVersion === 'string' ? /^(\d+)\.\d+$/.exec(c.EngineVersion) : null;
  if (!version || Number(version[1]) !== POSTGRES_MAJOR) {
    fail(
      at('Properties.EngineVersion'),
      `must be a pinned ${POSTGRES_MAJOR}.x version (the production major)`,
    );
  }
  const parameterGroup = targetOf(c.DBClusterParameterGroupName);
  const family = parameterGroup ? props(parameterGroup).Family : undefined;
  if (family !== `aurora-postgresql${POSTGRES_MAJOR}`) {
    fail(
      at('Properties.DBClusterParameterGroupName'),
      `needs a parameter group of family aurora-postgresql${POSTGRES_MAJOR} (found ${String(family)})`,
    );
  }
  if (c.StorageEncrypted !== true) fail(at('Properties.StorageEncrypted'), 'storage must be encrypted');
  if (c.DeletionProtection !== true)
    fail(at('Properties.DeletionProtection'), 'deletion protection must be on');
  if (typeof c.BackupRetentionPeriod !== 'number' || c.BackupRetentionPeriod < 1) {
    fail(at('Properties.BackupRetentionPeriod'), 'automated backups must be retained (1–35 days)');
  }
  for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    if (cluster[policy] !== 'Snapshot')
      fail(at(policy), 'must be Snapshot, so deleting or replacing the stack keeps a final snapshot');
  }
  if (c.Port !== POSTGRES_PORT) fail(at('Properties.Port'), `must be ${POSTGRES_PORT}`);
  if (c.PubliclyAccessible === true) fail(at('Properties.PubliclyAccessible'), 'must not be public');
  const scaling = c.ServerlessV2ScalingConfiguration as
    | { MinCapacity?: unknown; MaxCapacity?: unknown }
    | undefined;
  const min = scaling?.MinCapacity;
  const max = scaling?.MaxCapacity;
  const halfStep = (value: unknown): value is number =>
    typeof value === 'number' && Number.isInteger(value * 2);
  if (!halfStep(min) || !halfStep(max) || min < 0.5 || max < min || max > 128) {
    fail(
      at('Properties.ServerlessV2ScalingConfiguration'),
      'needs 0.5 ≤ MinCapacity ≤ MaxCapacity ≤ 128 ACU in 0.5 steps',
    );
  }

  // Instances: Serverless v2, never publicly accessible.
  const instances = ofType('AWS::RDS::DBInstance').filter(
    ([id]) => targetOf(props(id).DBClusterIdentifier) === clusterId,
  );
  if (instances.length === 0) fail('Resources', `no AWS::RDS::DBInstance in cluster ${clusterId}`);
  for (const [id] of instances) {
    const p = props(id);
    if (p.DBInstanceClass !== 'db.serverless')
      fail(`Resources.${id}.Properties.DBInstanceClass`, 'must be db.serverless');
    if (p.PubliclyAccessible !== false) {
      fail(
        `Resources.${id}.Properties.PubliclyAccessible`,
        'must be explicitly false: the database is never publicly accessible',
      );
    }
  }

  // Subnets: only the environment's private subnets.
  const subnetGroup = targetOf(c.DBSubnetGroupName);
  if (!subnetGroup || resources[subnetGroup]?.Type !== 'AWS::RDS::DBSubnetGroup') {
    fail(at('Properties.DBSubnetGroupName'), 'must reference the addon DBSubnetGroup');
  } else {
    const sources = referencedLogicalIds(props(subnetGroup).SubnetIds);
    const privateOnly =
      sources.length > 0 &&
      sources.every((parameter) => {
        const refs = referencedLogicalIds(parameterValues[parameter]);
        return (
          refs.length > 0 &&
          refs.every((ref) =>
            (ENVIRONMENT_STACK_LOGICAL_IDS.privateSubnets as readonly string[]).includes(ref),
          )
        );
      });
    if (!privateOnly) {
      fail(
        `Resources.${subnetGroup}.Properties.SubnetIds`,
        `must come only from the environment's private subnets (${ENVIRONMENT_STACK_LOGICAL_IDS.privateSubnets.join(', ')}) via addons.parameters.yml`,
      );
    }
  }

  // Network: one ingress rule, 5432, from the exported workload security group.
  const exports = addonExports(template, app, env);
  const sub = (name: string) => name.replace('${App}', app).replace('${Env}', env);
  const workloadGroupExport = exports.get(sub(DB_SECURITY_GROUP_EXPORT));
  const workloadGroup = workloadGroupExport
    ? (targetOf(workloadGroupExport.value, 'GroupId') ?? targetOf(workloadGroupExport.value))
    : undefined;
  if (!workloadGroup || resources[workloadGroup]?.Type !== 'AWS::EC2::SecurityGroup') {
    fail(
      'Outputs',
      `must export ${DB_SECURITY_GROUP_EXPORT} as the GroupId of an AWS::EC2::SecurityGroup of this template`,
    );
  }
  const clusterGroups = ([c.VpcSecurityGroupIds].flat().filter(Boolean) as unknown[]).map(
    (value) => targetOf(value, 'GroupId') ?? targetOf(value),
  );
  if (
    clusterGroups.length === 0 ||
    clusterGroups.some((id) => !id || resources[id]?.Type !== 'AWS::EC2::SecurityGroup')
  ) {
    fail(at('Properties.VpcSecurityGroupIds'), 'must list security groups defined in this template');
  }
  for (const group of clusterGroups) {
    if (!group) continue;
    if (group === workloadGroup)
      fail(at('Properties.VpcSecurityGroupIds'), 'the database must not share the workload security group');
    const rules: Array<{ at: string; rule: Record<string, unknown> }> = [];
    const inline = props(group).SecurityGroupIngress;
    if (Array.isArray(inline)) {
      for (const [index, rule] of inline.entries()) {
        rules.push({ at: `Resources.${group}.Properties.SecurityGroupIngress[${index}]`, rule });
      }
    }
    for (const [id] of ofType('AWS::EC2::SecurityGroupIngress')) {
      const p = props(id);
      if (
        (targetOf(p.GroupId, 'GroupId') ?? targetOf(p.GroupId)) === group ||
        targetOf(p.GroupName) === group
      ) {
        rules.push({ at: `Resources.${id}`, rule: p });
      }
    }
    if (rules.length !== 1) {
      fail(
        `Resources.${group}`,
        `the database security group must have exactly one ingress rule, found ${rules.length}`,
      );
    }
    for (const { at: ruleAt, rule } of rules) {
      const source = targetOf(rule.SourceSecurityGroupId, 'GroupId') ?? targetOf(rule.SourceSecurityGroupId);
      const protocol = String(rule.IpProtocol);
      const cidr = ['CidrIp', 'CidrIpv6', 'SourcePrefixListId', 'SourceSecurityGroupName'].filter(
        (key) => key in rule,
      );
      if (
        (protocol !== 'tcp' && protocol !== '6') ||
        Number(rule.FromPort) !== POSTGRES_PORT ||
        Number(rule.ToPort) !== POSTGRES_PORT ||
        cidr.length > 0 ||
        !workloadGroup ||
        source !== workloadGroup
      ) {
        fail(
          ruleAt,
          `the only ingress allowed is tcp ${POSTGRES_PORT} from the workload security group ${workloadGroup ?? '(none)'}`,
        );
      }
    }
  }

  // Credentials: generated into exported, Copilot-readable secrets; never a literal. The master user's is the
  // cluster's; the api's is another secret, for another user.
  const secret = checkGeneratedSecret(DB_SECRET_EXPORT);
  if (secret) {
    for (const key of ['MasterUsername', 'MasterUserPassword']) {
      const value = c[key];
      const text = JSON.stringify(value ?? '');
      if (!text.includes('{{resolve:secretsmanager:') || !referencedLogicalIds(value).includes(secret)) {
        fail(at(`Properties.${key}`), `must be a {{resolve:secretsmanager:…}} reference to ${secret}`);
      }
    }
  }
  const apiSecret = checkGeneratedSecret(DB_API_SECRET_EXPORT);
  if (apiSecret && secret) {
    if (apiSecret === secret) {
      fail('Outputs', `${DB_API_SECRET_EXPORT} must be a secret of its own, not the master user's ${secret}`);
    } else if (JSON.stringify(templateUser(apiSecret)) === JSON.stringify(templateUser(secret))) {
      fail(
        `Resources.${apiSecret}.Properties.GenerateSecretString.SecretStringTemplate`,
        `must name a user other than the master user of ${secret}`,
      );
    }
  }
  return problems;

  /** The exported secret: generated, tagged for Copilot, given the cluster's host and port. Its logical ID. */
  function checkGeneratedSecret(exportName: string): string | undefined {
    const exported = exports.get(sub(exportName));
    const id = exported ? targetOf(exported.value) : undefined;
    if (!id || resources[id]?.Type !== 'AWS::SecretsManager::Secret') {
      fail(
        'Outputs',
        `must export ${exportName} as a Ref to an AWS::SecretsManager::Secret of this template`,
      );
      return undefined;
    }
    const s = props(id);
    if ('SecretString' in s || !isRecord(s.GenerateSecretString)) {
      fail(
        `Resources.${id}.Properties`,
        'the password must be generated (GenerateSecretString), never written in the template',
      );
    }
    const tags = Array.isArray(s.Tags) ? (s.Tags as Array<{ Key?: unknown; Value?: unknown }>) : [];
    for (const [key, parameter] of [
      ['copilot-application', 'App'],
      ['copilot-environment', 'Env'],
    ]) {
      if (!tags.some((tag) => tag.Key === key && targetOf(tag.Value) === parameter)) {
        fail(
          `Resources.${id}.Properties.Tags`,
          `needs tag ${key}: !Ref ${parameter}, or Copilot's task execution role may not read it`,
        );
      }
    }
    const attached = ofType('AWS::SecretsManager::SecretTargetAttachment').some(
      ([attachment]) =>
        targetOf(props(attachment).SecretId) === id && targetOf(props(attachment).TargetId) === clusterId,
    );
    if (!attached) fail('Resources', `no SecretTargetAttachment adds the cluster's host and port to ${id}`);
    return id;
  }

  /** The username part of a generated secret's template (a `!Sub` string, compared as written). */
  function templateUser(id: string): unknown {
    const generate = props(id).GenerateSecretString;
    const template = isRecord(generate) ? generate.SecretStringTemplate : undefined;
    const text = resolveSubString(template, { App: app, Env: env, dbDBName: '${dbDBName}' });
    try {
      return text === undefined ? template : (JSON.parse(text) as { username?: unknown }).username;
    } catch {
      return template;
    }
  }
}
