import { isObject, isTemplateNode, type TemplateNode } from './template.js';

/**
 * Where a node sits in the file, as a JSONPath-like string (`spec.spec.steps[1]`), and a short label for messages.
 */
export interface Located<T = TemplateNode> {
  node: T;
  path: string;
  label: string;
}

/** A template nested inside a node (a pipeline stage's release flow): its own scope of refs and arguments. */
export interface NestedTemplate {
  root: TemplateNode;
  path: string;
  /** The nested template's triggers; those with a `ref` (e.g. a Git trigger's `push`) are available to all its nodes. */
  triggers: unknown[];
  triggerRefs: string[];
  arguments: Record<string, unknown>;
}

export function labelOf(node: TemplateNode): string {
  const name = isObject(node.spec) && typeof node.spec.name === 'string' ? node.spec.name : undefined;
  return [
    node.kind,
    node.ref ? `ref "${node.ref}"` : undefined,
    name && name !== node.ref ? `name "${name}"` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The direct child nodes a node runs, in order (a workflow's steps). */
export function childSteps(located: Located): Located[] {
  const { node, path } = located;
  if (node.kind !== 'Workflow' || !isObject(node.spec) || !Array.isArray(node.spec.steps)) return [];
  return node.spec.steps.flatMap((step, index) =>
    isTemplateNode(step) ? [{ node: step, path: `${path}.spec.steps[${index}]`, label: labelOf(step) }] : [],
  );
}

export function isParallel(node: TemplateNode): boolean {
  return node.kind === 'Workflow' && isObject(node.spec) && node.spec.type === 'parallel';
}

/** Templates nested in a node: the release flows of a pipeline's stages. */
export function nestedTemplates(located: Located): NestedTemplate[] {
  const { node, path } = located;
  if (node.kind !== 'Pipeline' || !isObject(node.spec) || !Array.isArray(node.spec.stages)) return [];
  return node.spec.stages.flatMap((stage, index) => {
    if (!isObject(stage) || !isObject(stage.releaseFlow) || !isObject(stage.releaseFlow.spec)) return [];
    const flow = stage.releaseFlow.spec;
    if (!isTemplateNode(flow.spec)) return [];
    const triggers = Array.isArray(flow.triggers) ? flow.triggers : [];
    return [
      {
        root: flow.spec,
        triggers,
        path: `${path}.spec.stages[${index}].releaseFlow.spec.spec`,
        triggerRefs: triggers.flatMap((trigger) =>
          isObject(trigger) && typeof trigger.ref === 'string' ? [trigger.ref] : [],
        ),
        arguments: isObject(flow.arguments) ? flow.arguments : {},
      },
    ];
  });
}

/** Every node of the template (depth first, in file order), including those of nested release flows. */
export function allNodes(root: TemplateNode, rootPath = 'spec'): Located[] {
  const start: Located = { node: root, path: rootPath, label: labelOf(root) };
  const out: Located[] = [];
  const visit = (located: Located) => {
    out.push(located);
    for (const child of childSteps(located)) visit(child);
    for (const nested of nestedTemplates(located)) {
      visit({ node: nested.root, path: nested.path, label: labelOf(nested.root) });
    }
  };
  visit(start);
  return out;
}
