import { isDeepStrictEqual } from 'node:util';
import { asIntrinsic } from './cfn-yaml.js';
import type { YamlFile } from './copilot-project.js';
import {
  ADDON_TEMPLATE_SECTIONS,
  ENV_ADDON_RESERVED_PARAMETERS,
  ENVIRONMENT_STACK_LOGICAL_IDS,
} from './copilot-template-facts.js';
import type { Problem } from './problem.js';

type Section = Record<string, unknown>;
export type AddonTemplate = Partial<Record<(typeof ADDON_TEMPLATE_SECTIONS)[number], Section>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Copilot merges every template under environments/addons/ into one nested stack (internal/pkg/addon/addons.go,
 * cloudformation.go). Rules enforced there, and by CloudFormation on that merged stack:
 * - only the sections Copilot keeps (anything else is silently dropped);
 * - the same logical ID in two files must be defined identically;
 * - `App` and `Env` must be template parameters and must not be set in addons.parameters.yml;
 * - addons.parameters.yml: at most one, with a top-level `Parameters`, naming only declared parameters;
 * - every parameter without a `Default` is reserved or set in addons.parameters.yml.
 */
export function mergeEnvironmentAddons(templates: YamlFile[]): {
  merged: AddonTemplate;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const merged: AddonTemplate = {};
  const origin = new Map<string, string>();
  for (const template of templates) {
    if (!isRecord(template.data)) {
      problems.push({ file: template.file, message: 'an addon template must be a mapping' });
      continue;
    }
    for (const [section, content] of Object.entries(template.data)) {
      if (!ADDON_TEMPLATE_SECTIONS.includes(section)) {
        problems.push({
          file: template.file,
          at: section,
          message: `Copilot drops the '${section}' section when it merges addons; allowed: ${ADDON_TEMPLATE_SECTIONS.join(', ')}`,
        });
        continue;
      }
      if (!isRecord(content)) {
        problems.push({ file: template.file, at: section, message: 'must be a mapping' });
        continue;
      }
      const sectionKey = section as keyof AddonTemplate;
      merged[sectionKey] ??= {};
      const target = merged[sectionKey];
      for (const [key, value] of Object.entries(content)) {
        const id = `${section}.${key}`;
        if (key in target && !isDeepStrictEqual(target[key], value)) {
          problems.push({
            file: template.file,
            at: id,
            message: `also defined differently in ${origin.get(id)}: Copilot refuses to merge them`,
          });
          continue;
        }
        target[key] = value;
        origin.set(id, template.file);
      }
    }
  }
  if (templates.length > 0 && !merged.Resources) {
    problems.push({ file: templates[0].file, message: 'the merged addon template has no Resources' });
  }
  return { merged, problems };
}

export function checkEnvironmentAddonParameters(
  merged: AddonTemplate,
  parameterFiles: YamlFile[],
  addonsDir: string,
): Problem[] {
  const problems: Problem[] = [];
  if (parameterFiles.length > 1) {
    problems.push({
      file: addonsDir,
      message: 'only one of addons.parameters.yml / addons.parameters.yaml is allowed',
    });
  }
  const parametersFile = parameterFiles[0];
  const declared = merged.Parameters ?? {};
  let values: Record<string, unknown> = {};
  if (parametersFile) {
    const data = parametersFile.data;
    if (!isRecord(data) || !isRecord(data.Parameters)) {
      problems.push({ file: parametersFile.file, message: "must define a top-level 'Parameters' mapping" });
    } else {
      for (const key of Object.keys(data)) {
        if (key !== 'Parameters')
          problems.push({ file: parametersFile.file, at: key, message: 'ignored by Copilot' });
      }
      values = data.Parameters;
    }
  }
  const file = parametersFile?.file ?? `${addonsDir}/addons.parameters.yml`;
  for (const reserved of ENV_ADDON_RESERVED_PARAMETERS) {
    if (!(reserved in declared)) {
      problems.push({
        file: addonsDir,
        message: `the addon template must declare the parameter '${reserved}' (Copilot passes it)`,
      });
    }
    if (reserved in values) {
      problems.push({
        file,
        at: reserved,
        message: `'${reserved}' is reserved: Copilot sets it and rejects it here`,
      });
    }
  }
  for (const [name, value] of Object.entries(values)) {
    if (!(name in declared)) {
      problems.push({
        file,
        at: name,
        message: `the addon template does not declare the parameter '${name}'`,
      });
    }
    for (const { reference, condition } of unguardedConditionalReferences(value, [])) {
      problems.push({
        file,
        at: name,
        message: `'${reference}' exists only under the environment stack's condition '${condition}': wrap it in !If [${condition}, …, ""]`,
      });
    }
    for (const condition of ifConditions(value)) {
      if (!(ENVIRONMENT_STACK_LOGICAL_IDS.conditions as readonly string[]).includes(condition)) {
        problems.push({
          file,
          at: name,
          message: `'${condition}' is not a condition of Copilot's environment stack (known: ${ENVIRONMENT_STACK_LOGICAL_IDS.conditions.join(', ')})`,
        });
      }
    }
    for (const reference of referencedLogicalIds(value)) {
      const known: readonly string[] = [
        ...ENVIRONMENT_STACK_LOGICAL_IDS.resources,
        ...ENVIRONMENT_STACK_LOGICAL_IDS.parameters,
      ];
      if (!known.includes(reference)) {
        problems.push({
          file,
          at: name,
          message: `'${reference}' is not a logical ID of Copilot's environment stack (known: ${known.join(', ')})`,
        });
      }
    }
  }
  for (const [name, parameter] of Object.entries(declared)) {
    const hasDefault = isRecord(parameter) && 'Default' in parameter;
    const reserved = (ENV_ADDON_RESERVED_PARAMETERS as readonly string[]).includes(name);
    if (!hasDefault && !reserved && !(name in values)) {
      problems.push({
        file,
        at: name,
        message: `parameter '${name}' has no Default and is not set here: Copilot refuses to deploy`,
      });
    }
  }
  return problems;
}

/** Refs / GetAtts of a conditional environment-stack resource that no enclosing `Fn::If` on its condition guards. */
function unguardedConditionalReferences(
  value: unknown,
  guards: string[],
): Array<{ reference: string; condition: string }> {
  const conditional: Record<string, string> = ENVIRONMENT_STACK_LOGICAL_IDS.conditionalResources;
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Fn::If' && Array.isArray(intrinsic.args)) {
    const [condition, whenTrue, whenFalse] = intrinsic.args as [unknown, unknown, unknown];
    return [
      ...unguardedConditionalReferences(whenTrue, [...guards, String(condition)]),
      ...unguardedConditionalReferences(whenFalse, guards),
    ];
  }
  if (intrinsic && ['Ref', 'Fn::GetAtt'].includes(intrinsic.name)) {
    const [reference] = referencedLogicalIds(value);
    const condition = reference === undefined ? undefined : conditional[reference];
    return reference !== undefined && condition !== undefined && !guards.includes(condition)
      ? [{ reference, condition }]
      : [];
  }
  if (intrinsic) return unguardedConditionalReferences(intrinsic.args, guards);
  if (Array.isArray(value)) return value.flatMap((item) => unguardedConditionalReferences(item, guards));
  if (isRecord(value))
    return Object.values(value).flatMap((item) => unguardedConditionalReferences(item, guards));
  return [];
}

/** Condition names used by `Fn::If` anywhere inside a value. */
function ifConditions(value: unknown): string[] {
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Fn::If' && Array.isArray(intrinsic.args))
    return [String(intrinsic.args[0]), ...intrinsic.args.slice(1).flatMap(ifConditions)];
  if (intrinsic) return ifConditions(intrinsic.args);
  if (Array.isArray(value)) return value.flatMap(ifConditions);
  if (isRecord(value)) return Object.values(value).flatMap(ifConditions);
  return [];
}

/** Logical IDs named by Ref / GetAtt anywhere inside a value. */
export function referencedLogicalIds(value: unknown): string[] {
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Ref' && typeof intrinsic.args === 'string') return [intrinsic.args];
  if (intrinsic?.name === 'Fn::GetAtt' && Array.isArray(intrinsic.args)) return [String(intrinsic.args[0])];
  if (intrinsic) return referencedLogicalIds(intrinsic.args);
  if (Array.isArray(value)) return value.flatMap(referencedLogicalIds);
  if (isRecord(value)) return Object.values(value).flatMap(referencedLogicalIds);
  return [];
}
