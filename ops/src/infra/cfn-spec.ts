import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, Resource, SpecDatabase } from '@aws-cdk/service-spec-types';
import { asIntrinsic } from './cfn-yaml.js';

/**
 * Checks a CloudFormation template against AWS's machine-readable resource specification (the registry schemas as
 * packaged by npm `@aws-cdk/aws-service-spec`): resource types, property names at every depth (through the property
 * types), required properties, primitive types and enumerations, and every reference (`Ref`, `Fn::GetAtt` with the
 * attribute names the type really has, `Fn::Sub` variables, `Fn::FindInMap`, `Fn::If`/`Condition`, `DependsOn`).
 */
export type CfnSpec = SpecDatabase;

let spec: Promise<CfnSpec> | undefined;
/** Loads the gzipped database once per process (about 2 s). */
export function loadCfnSpec(): Promise<CfnSpec> {
  spec ??= loadAwsServiceSpec();
  return spec;
}

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
];

const RESOURCE_KEYS = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
/** Types whose DeletionPolicy may be Snapshot (CloudFormation user guide, "DeletionPolicy attribute"). */
const SNAPSHOT_CAPABLE = [
  'AWS::EC2::Volume',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::Redshift::Cluster',
  'AWS::DocDB::DBCluster',
];
const PARAMETER_KEYS = [
  'Type',
  'Default',
  'Description',
  'AllowedValues',
  'AllowedPattern',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'NoEcho',
  'ConstraintDescription',
];
const PARAMETER_TYPE =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::Value<.+>)$/;
const OUTPUT_KEYS = ['Description', 'Value', 'Export', 'Condition'];

export interface SpecIssue {
  at: string;
  message: string;
}

interface Template {
  Parameters?: Record<string, Record<string, unknown>>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, Record<string, unknown>>;
  Outputs?: Record<string, Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Validates one template; `extraRefTargets` are names Ref may also resolve (e.g. parameters passed by a parent). */
export function validateTemplateAgainstSpec(db: CfnSpec, templateValue: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (!isRecord(templateValue)) return [{ at: '(root)', message: 'a template must be a mapping' }];
  const template = templateValue as Template;
  const parameters = template.Parameters ?? {};
  const resources = template.Resources ?? {};
  const mappings = template.Mappings ?? {};
  const conditions = template.Conditions ?? {};
  const resourceTypes = new Map<string, Resource | undefined>();

  if (!isRecord(template.Resources) || Object.keys(resources).length === 0) {
    issues.push({ at: 'Resources', message: 'a template needs at least one resource' });
  }

  for (const [name, parameter] of Object.entries(parameters)) {
    const at = `Parameters.${name}`;
    if (!isRecord(parameter)) {
      issues.push({ at, message: 'must be a mapping' });
      continue;
    }
    for (const key of Object.keys(parameter)) {
      if (!PARAMETER_KEYS.includes(key))
        issues.push({ at: `${at}.${key}`, message: `unknown parameter attribute '${key}'` });
    }
    if (typeof parameter.Type !== 'string' || !PARAMETER_TYPE.test(parameter.Type)) {
      issues.push({
        at: `${at}.Type`,
        message: `not a CloudFormation parameter type: ${JSON.stringify(parameter.Type)}`,
      });
    }
  }

  for (const [name, resource] of Object.entries(resources)) {
    const at = `Resources.${name}`;
    if (!isRecord(resource)) {
      issues.push({ at, message: 'must be a mapping' });
      continue;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.includes(key))
        issues.push({ at: `${at}.${key}`, message: `unknown resource attribute '${key}'` });
    }
    const type = resource.Type;
    if (typeof type !== 'string') {
      issues.push({ at: `${at}.Type`, message: 'missing' });
      continue;
    }
    const definition = type.startsWith('Custom::')
      ? undefined
      : db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
    resourceTypes.set(name, definition);
    if (!definition && !type.startsWith('Custom::')) {
      issues.push({ at: `${at}.Type`, message: `unknown resource type ${type}` });
      continue;
    }
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      const value = resource[policy];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !DELETION_POLICIES.includes(value)) {
        issues.push({ at: `${at}.${policy}`, message: `must be one of ${DELETION_POLICIES.join(', ')}` });
      } else if (value === 'Snapshot' && !SNAPSHOT_CAPABLE.includes(type)) {
        issues.push({ at: `${at}.${policy}`, message: `${type} does not support Snapshot` });
      }
    }
    if (resource.Condition !== undefined && !(String(resource.Condition) in conditions)) {
      issues.push({ at: `${at}.Condition`, message: `unknown condition ${String(resource.Condition)}` });
    }
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const target of dependsOn) {
      if (typeof target !== 'string' || !(target in resources) || target === name) {
        issues.push({ at: `${at}.DependsOn`, message: `unknown resource ${JSON.stringify(target)}` });
      }
    }
    if (!definition) continue;
    const properties = resource.Properties ?? {};
    if (!isRecord(properties)) {
      issues.push({ at: `${at}.Properties`, message: 'must be a mapping' });
      continue;
    }
    checkObject(definition.properties, properties, `${at}.Properties`, type);
  }

  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const at = `Outputs.${name}`;
    if (!isRecord(output)) {
      issues.push({ at, message: 'must be a mapping' });
      continue;
    }
    for (const key of Object.keys(output)) {
      if (!OUTPUT_KEYS.includes(key))
        issues.push({ at: `${at}.${key}`, message: `unknown output attribute '${key}'` });
    }
    if (output.Value === undefined) issues.push({ at: `${at}.Value`, message: 'missing' });
    checkReferences(output.Value, `${at}.Value`);
    if (output.Export !== undefined) {
      if (!isRecord(output.Export) || Object.keys(output.Export).join() !== 'Name') {
        issues.push({ at: `${at}.Export`, message: 'must be { Name: … }' });
      } else checkReferences(output.Export.Name, `${at}.Export.Name`);
    }
  }
  for (const [name, condition] of Object.entries(conditions))
    checkReferences(condition, `Conditions.${name}`);

  return issues;

  function checkObject(
    schema: Record<string, Property>,
    value: Record<string, unknown>,
    at: string,
    typeName: string,
  ): void {
    for (const [key, item] of Object.entries(value)) {
      const property = schema[key];
      if (!property) {
        issues.push({ at: `${at}.${key}`, message: `${typeName} has no property '${key}'` });
        continue;
      }
      checkValue(property.type, item, `${at}.${key}`);
    }
    for (const [key, property] of Object.entries(schema)) {
      if (property.required && !(key in value)) {
        issues.push({ at, message: `${typeName} requires property '${key}'` });
      }
    }
  }

  /** Returns true when `value` fits `type`; records issues for the deepest mismatch. */
  function checkValue(type: PropertyType, value: unknown, at: string, record = true): boolean {
    const intrinsic = asIntrinsic(value);
    if (intrinsic) {
      if (record) checkReferences(value, at);
      return true;
    }
    const fail = (message: string) => {
      if (record) issues.push({ at, message });
      return false;
    };
    switch (type.type) {
      case 'string':
        if (typeof value === 'number' || typeof value === 'boolean') return true;
        if (typeof value !== 'string') return fail(`expected a string, got ${describe(value)}`);
        if (type.allowedValues && !type.allowedValues.includes(value)) {
          return fail(`must be one of ${type.allowedValues.join(', ')}`);
        }
        return true;
      case 'number':
      case 'integer': {
        const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof number !== 'number' || Number.isNaN(number))
          return fail(`expected a number, got ${describe(value)}`);
        if (type.type === 'integer' && !Number.isInteger(number))
          return fail(`expected an integer, got ${value}`);
        return true;
      }
      case 'boolean':
        if (typeof value === 'boolean' || value === 'true' || value === 'false') return true;
        return fail(`expected a boolean, got ${describe(value)}`);
      case 'date-time':
        return typeof value === 'string' || fail(`expected a timestamp, got ${describe(value)}`);
      case 'json':
        return (
          isRecord(value) ||
          typeof value === 'string' ||
          fail(`expected a JSON object, got ${describe(value)}`)
        );
      case 'null':
        return value === null || fail(`expected null, got ${describe(value)}`);
      case 'tag':
        if (!isRecord(value)) return fail(`expected a { Key, Value } tag, got ${describe(value)}`);
        for (const key of Object.keys(value))
          if (key !== 'Key' && key !== 'Value') fail(`unknown tag key '${key}'`);
        if (!('Key' in value) || !('Value' in value)) return fail('a tag needs Key and Value');
        checkReferences(value.Value, `${at}.Value`);
        return true;
      case 'array':
        if (!Array.isArray(value)) return fail(`expected a list, got ${describe(value)}`);
        return value.every((item, index) => checkValue(type.element, item, `${at}[${index}]`, record));
      case 'map':
        if (!isRecord(value)) return fail(`expected a mapping, got ${describe(value)}`);
        return Object.entries(value).every(([key, item]) =>
          checkValue(type.element, item, `${at}.${key}`, record),
        );
      case 'union': {
        const fitting = type.types.find((candidate) => checkValue(candidate, value, at, false));
        if (fitting) return record ? checkValue(fitting, value, at, true) : true;
        return fail(`matches none of the allowed shapes (${type.types.map((t) => t.type).join(' | ')})`);
      }
      case 'ref': {
        const definition = db.get('typeDefinition', type.reference);
        if (!isRecord(value)) return fail(`expected a ${definition.name} mapping, got ${describe(value)}`);
        if (!record) {
          return (
            Object.keys(value).every((key) => key in definition.properties) &&
            Object.entries(definition.properties).every(
              ([key, property]) => !property.required || key in value,
            )
          );
        }
        checkObject(definition.properties, value, at, definition.name);
        return true;
      }
      default:
        return true;
    }
  }

  function checkReferences(value: unknown, at: string): void {
    const intrinsic = asIntrinsic(value);
    if (!intrinsic) {
      if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) checkReferences(item, `${at}[${index}]`);
      } else if (isRecord(value))
        for (const [key, item] of Object.entries(value)) checkReferences(item, `${at}.${key}`);
      return;
    }
    const { name, args } = intrinsic;
    switch (name) {
      case 'Ref':
        if (typeof args !== 'string') issues.push({ at, message: 'Ref takes a logical ID' });
        else if (!(args in resources) && !(args in parameters) && !PSEUDO_PARAMETERS.includes(args)) {
          issues.push({ at, message: `Ref to unknown resource or parameter '${args}'` });
        }
        return;
      case 'Fn::GetAtt': {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
          issues.push({ at, message: 'Fn::GetAtt takes [LogicalId, Attribute]' });
          return;
        }
        if (typeof args[1] === 'string') checkGetAtt(args[0], args[1], at);
        else checkReferences(args[1], at);
        return;
      }
      case 'Fn::Sub':
        checkSub(args, at);
        return;
      case 'Fn::FindInMap': {
        if (!Array.isArray(args) || args.length < 3) {
          issues.push({ at, message: 'Fn::FindInMap takes [Map, TopKey, SecondKey]' });
          return;
        }
        const [map, top, second] = args;
        if (typeof map === 'string') {
          const mapping = mappings[map];
          if (!mapping) issues.push({ at, message: `unknown mapping '${map}'` });
          else if (typeof top === 'string' && !(top in mapping))
            issues.push({ at, message: `mapping ${map} has no key '${top}'` });
          else if (
            typeof top === 'string' &&
            typeof second === 'string' &&
            !(second in (mapping[top] ?? {}))
          ) {
            issues.push({ at, message: `mapping ${map}.${top} has no key '${second}'` });
          }
        }
        for (const item of args) checkReferences(item, at);
        return;
      }
      case 'Fn::If':
      case 'Condition': {
        const conditionName = name === 'Condition' ? args : Array.isArray(args) ? args[0] : undefined;
        if (typeof conditionName !== 'string' || !(conditionName in conditions)) {
          issues.push({ at, message: `unknown condition ${JSON.stringify(conditionName)}` });
        }
        if (name === 'Fn::If' && Array.isArray(args))
          for (const item of args.slice(1)) checkReferences(item, at);
        return;
      }
      case 'Fn::Join':
      case 'Fn::Select':
      case 'Fn::Split':
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Fn::Cidr':
        if (!Array.isArray(args)) issues.push({ at, message: `${name} takes a list` });
        else for (const item of args) checkReferences(item, at);
        return;
      case 'Fn::Base64':
      case 'Fn::GetAZs':
      case 'Fn::ImportValue':
      case 'Fn::ToJsonString':
      case 'Fn::Length':
        checkReferences(args, at);
        return;
      default:
        issues.push({ at, message: `unsupported intrinsic function ${name}` });
    }
  }

  function checkGetAtt(logicalId: string, attribute: string, at: string): void {
    if (!(logicalId in resources)) {
      issues.push({ at, message: `GetAtt of unknown resource '${logicalId}'` });
      return;
    }
    const type = String(resources[logicalId]?.Type ?? '');
    if (type.startsWith('Custom::')) return;
    if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return;
    const definition = resourceTypes.get(logicalId);
    if (definition && !(attribute in definition.attributes)) {
      issues.push({
        at,
        message: `${type} has no attribute '${attribute}' (it has: ${Object.keys(definition.attributes).join(', ') || 'none'})`,
      });
    }
  }

  function checkSub(args: unknown, at: string): void {
    let text: unknown = args;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(args)) {
      [text] = args;
      if (args.length !== 2 || !isRecord(args[1])) {
        issues.push({ at, message: 'Fn::Sub takes a string or [string, { Var: value }]' });
        return;
      }
      variables = args[1];
      for (const [key, item] of Object.entries(variables)) checkReferences(item, `${at}.${key}`);
    }
    if (typeof text !== 'string') {
      issues.push({ at, message: 'Fn::Sub needs a string' });
      return;
    }
    for (const [, expression] of text.matchAll(/\$\{([^}]*)\}/g)) {
      if (expression.startsWith('!')) continue;
      const variable = expression.trim();
      if (variable in variables || PSEUDO_PARAMETERS.includes(variable)) continue;
      const dot = variable.indexOf('.');
      if (dot > 0) checkGetAtt(variable.slice(0, dot), variable.slice(dot + 1), at);
      else if (!(variable in resources) && !(variable in parameters)) {
        issues.push({
          at,
          message: `Fn::Sub variable \${${variable}} is not a parameter, resource or pseudo parameter`,
        });
      }
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}
