import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asIntrinsic, parseCfnYaml } from '../infra/cfn-yaml.js';
import { evaluateConditions } from './conditions.js';
import { RENDERED_FILES } from './render-stacks.js';

export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RenderedStack {
  /** `environment`, `api`, …; an environment addon is `environment/addons`. */
  name: string;
  template: CfnTemplate;
  parameters: Record<string, string>;
  /** Logical IDs whose Condition is false with these parameters: CloudFormation does not create them. */
  notCreated: string[];
}

/** Reads `<outDir>/<stack>/` as rendered; each stack's addons template becomes a stack of its own. */
export function readRenderedStacks(outDir: string): RenderedStack[] {
  const stacks: RenderedStack[] = [];
  const dirs = readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(outDir, entry.name, RENDERED_FILES.template)))
    .map((entry) => entry.name)
    .sort((a, b) => (a === 'environment' ? -1 : b === 'environment' ? 1 : a.localeCompare(b)));
  for (const name of dirs) {
    const read = (file: string) => readFileSync(join(outDir, name, file), 'utf8');
    const template = parseCfnYaml(read(RENDERED_FILES.template)) as CfnTemplate;
    const parameters =
      (JSON.parse(read(RENDERED_FILES.params)) as { Parameters?: Record<string, string> }).Parameters ?? {};
    stacks.push(withConditions(name, template, parameters));
    if (existsSync(join(outDir, name, RENDERED_FILES.addons))) {
      const parent = stacks.at(-1) as RenderedStack;
      stacks.push(
        withConditions(
          `${name}/addons`,
          parseCfnYaml(read(RENDERED_FILES.addons)) as CfnTemplate,
          addonParameters(parent),
        ),
      );
    }
  }
  return stacks;
}

function withConditions(
  name: string,
  template: CfnTemplate,
  parameters: Record<string, string>,
): RenderedStack {
  const conditions = evaluateConditions(template, parameters);
  const notCreated = Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Condition !== undefined && conditions[resource.Condition] === false)
    .map(([id]) => id);
  return { name, template, parameters, notCreated };
}

/** The resources CloudFormation creates for this stack (Condition not known to be false). */
export const createdResources = (stack: RenderedStack): Array<[string, CfnResource]> =>
  Object.entries(stack.template.Resources ?? {}).filter(([id]) => !stack.notCreated.includes(id));

export const resourcesOfType = (stack: RenderedStack, type: string): Array<[string, CfnResource]> =>
  createdResources(stack).filter(([, resource]) => resource.Type === type);

/**
 * The values the parent stack passes to its addons stack (Copilot's own plus addons.parameters.yml), as far as they
 * are known offline. A Ref or GetAtt of a resource the parent creates stands for a value only AWS knows, but never
 * an empty one; an `!If` takes the branch of the parent's condition. What cannot be known is left out (the addon
 * parameter's Default then applies).
 */
export function addonParameters(parent: RenderedStack): Record<string, string> {
  const addons = Object.values(parent.template.Resources ?? {}).find(
    (resource) =>
      resource.Type === 'AWS::CloudFormation::Stack' &&
      /\/addons\//.test(String(resource.Properties?.TemplateURL)),
  );
  const conditions = evaluateConditions(parent.template, parent.parameters);
  const created = (id: string) => id in parent.template.Resources && !parent.notCreated.includes(id);
  const resolve = (node: unknown): string | undefined => {
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean')
      return String(node);
    const intrinsic = asIntrinsic(node);
    if (!intrinsic) return undefined;
    const { name, args } = intrinsic;
    const list = Array.isArray(args) ? args : [];
    switch (name) {
      case 'Ref': {
        const id = String(args);
        if (id in parent.parameters) return parent.parameters[id];
        return created(id) ? `{${id}}` : undefined;
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
        return id !== undefined && created(id) ? `{${id}.${attribute}}` : undefined;
      }
      case 'Fn::If': {
        const holds = conditions[String(list[0])];
        return holds === undefined ? undefined : resolve(holds ? list[1] : list[2]);
      }
      case 'Fn::Join': {
        const parts = Array.isArray(list[1]) ? (list[1] as unknown[]).map(resolve) : [undefined];
        return parts.some((part) => part === undefined) ? undefined : parts.join(String(list[0]));
      }
      default:
        return undefined;
    }
  };
  const passed = (addons?.Properties?.Parameters ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(passed).flatMap(([key, node]) => {
      const value = resolve(node);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}
