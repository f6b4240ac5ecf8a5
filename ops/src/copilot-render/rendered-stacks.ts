import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCfnYaml } from '../infra/cfn-yaml.js';
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
      // Addon parameters are passed by the parent stack (Copilot's own plus addons.parameters.yml): their Defaults
      // and unknowns apply.
      stacks.push(
        withConditions(`${name}/addons`, parseCfnYaml(read(RENDERED_FILES.addons)) as CfnTemplate, {}),
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
