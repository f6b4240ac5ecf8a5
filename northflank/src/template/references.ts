import { isObject, type TemplateFile, type TemplateNode } from './template.js';
import { childSteps, isParallel, type Located, labelOf, nestedTemplates } from './walk.js';

export interface ReferenceProblem {
  path: string;
  message: string;
}

export interface Usage {
  refs: string[];
  templateRefs: string[];
  args: string[];
  templateArgs: string[];
}

const EXPRESSION = /\$\{([^}]*)\}/g;
const REF = /(?<![\w.])(template\.)?refs\.([A-Za-z0-9_-]+)/g;
const ARG = /(?<![\w.])(template\.)?args\.([A-Za-z0-9_]+)/g;

/** The `${…}` references in one string: `refs.x`, `template.refs.x`, `args.x` and `template.args.x`. */
export function referencesIn(text: string): Usage {
  const usage: Usage = { refs: [], templateRefs: [], args: [], templateArgs: [] };
  for (const [, expression = ''] of text.matchAll(EXPRESSION)) {
    for (const [, template, name = ''] of expression.matchAll(REF)) {
      (template ? usage.templateRefs : usage.refs).push(name);
    }
    for (const [, template, name = ''] of expression.matchAll(ARG)) {
      (template ? usage.templateArgs : usage.args).push(name);
    }
  }
  return usage;
}

/** References in every string of a value; `skip` names the keys whose values run elsewhere. */
function usageIn(value: unknown, skip: (key: string) => boolean = () => false): Usage {
  const usage: Usage = { refs: [], templateRefs: [], args: [], templateArgs: [] };
  const collect = (item: unknown) => {
    if (typeof item === 'string') {
      const found = referencesIn(item);
      usage.refs.push(...found.refs);
      usage.templateRefs.push(...found.templateRefs);
      usage.args.push(...found.args);
      usage.templateArgs.push(...found.templateArgs);
    } else if (Array.isArray(item)) {
      for (const element of item) collect(element);
    } else if (isObject(item)) {
      for (const [key, child] of Object.entries(item)) if (!skip(key)) collect(child);
    }
  };
  collect(value);
  return usage;
}

/**
 * References a node uses itself: everything but the nodes it contains (a workflow's steps, a pipeline stage's
 * release flow), which are checked where and when they run.
 */
function ownUsage(node: TemplateNode): Usage {
  const contained = (key: string) => (node.kind === 'Workflow' && key === 'steps') || key === 'releaseFlow';
  const envelope = usageIn({ ...node, spec: undefined });
  const spec = usageIn(node.spec, contained);
  return {
    refs: [...envelope.refs, ...spec.refs],
    templateRefs: [...envelope.templateRefs, ...spec.templateRefs],
    args: [...envelope.args, ...spec.args],
    templateArgs: [...envelope.templateArgs, ...spec.templateArgs],
  };
}

interface Scope {
  /** Called with each node and the refs available when it starts. */
  record?: (located: Located, available: Set<string>) => void;
  /** Arguments declared by the template this scope belongs to. */
  args: Set<string>;
  /** For a nested release flow: the refs and arguments of the enclosing template where the flow is declared. */
  outer?: { refs: Set<string>; args: Set<string> };
  /** Every ref defined anywhere in this scope, to tell "defined later" from "not defined at all". */
  everywhere: Set<string>;
}

/**
 * Checks that every `${refs.NAME…}` names a node that has finished before the node using it starts (an earlier
 * step of an enclosing sequential workflow; never a parallel sibling, never itself), that refs are unique, and
 * that every `${args.NAME}` is a declared argument. Nested release flows are checked in their own scope, with
 * `template.refs` / `template.args` resolved against the enclosing template at the pipeline node.
 */
export function checkReferences(template: TemplateFile): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const root: Located = { node: template.spec, path: 'spec', label: labelOf(template.spec) };
  checkScope(
    root,
    new Set(),
    { args: new Set(Object.keys(template.arguments ?? {})), everywhere: new Set() },
    problems,
  );
  return problems;
}

/**
 * For every node (by path), the refs of the nodes that have finished when it starts, within its own template
 * (a nested release flow has its own scope, which starts with its triggers' refs).
 */
export function refsAvailableAt(template: TemplateFile): Map<string, Set<string>> {
  const available = new Map<string, Set<string>>();
  const root: Located = { node: template.spec, path: 'spec', label: labelOf(template.spec) };
  const scope: Scope = {
    args: new Set(Object.keys(template.arguments ?? {})),
    everywhere: new Set(),
    record: (located, refs) => available.set(located.path, new Set(refs)),
  };
  checkScope(root, new Set(), scope, []);
  return available;
}

function checkScope(root: Located, initial: Set<string>, scope: Scope, problems: ReferenceProblem[]) {
  const seen = new Map<string, string>();
  collectRefs(root, seen, problems);
  scope.everywhere = new Set(seen.keys());
  visit(root, initial, scope, problems);
}

function collectRefs(located: Located, seen: Map<string, string>, problems: ReferenceProblem[]) {
  const { ref } = located.node;
  if (ref !== undefined) {
    const first = seen.get(ref);
    if (first)
      problems.push({ path: located.path, message: `ref "${ref}" is already used by the node at ${first}` });
    else seen.set(ref, located.path);
  }
  for (const child of childSteps(located)) collectRefs(child, seen, problems);
}

function checkUsage(
  usage: Usage,
  available: Set<string>,
  scope: Scope,
  at: Located,
  problems: ReferenceProblem[],
) {
  const { path, label, node } = at;
  const report = (message: string) => problems.push({ path, message: `${label} ${message}` });
  for (const name of usage.refs) {
    if (available.has(name)) continue;
    const why =
      name === node.ref
        ? 'a node cannot use its own output'
        : scope.everywhere.has(name)
          ? 'that node has not finished when this one starts (it comes later, or runs in parallel with it)'
          : 'no node in this template has that ref';
    report(`uses \${refs.${name}}: ${why}`);
  }
  for (const name of usage.args) {
    if (!scope.args.has(name)) report(`uses \${args.${name}}, which is not declared in arguments`);
  }
  for (const name of usage.templateRefs) {
    if (!scope.outer) report(`uses \${template.refs.${name}} outside a nested release flow`);
    else if (!scope.outer.refs.has(name)) {
      report(
        `uses \${template.refs.${name}}: no node of the template has finished with that ref before the pipeline`,
      );
    }
  }
  for (const name of usage.templateArgs) {
    if (!scope.outer) report(`uses \${template.args.${name}} outside a nested release flow`);
    else if (!scope.outer.args.has(name))
      report(`uses \${template.args.${name}}, which the template does not declare`);
  }
}

/** Visits a node with the refs available when it starts; returns the refs it defines once it has finished. */
function visit(
  located: Located,
  available: Set<string>,
  scope: Scope,
  problems: ReferenceProblem[],
): Set<string> {
  const { node } = located;
  scope.record?.(located, available);
  checkUsage(ownUsage(node), available, scope, located, problems);

  for (const nested of nestedTemplates(located)) {
    const nestedScope: Scope = {
      record: scope.record,
      args: new Set(Object.keys(nested.arguments)),
      outer: { refs: available, args: scope.args },
      everywhere: new Set(),
    };
    const root: Located = { node: nested.root, path: nested.path, label: labelOf(nested.root) };
    const triggersAt: Located = { ...root, label: `release flow trigger of ${located.label}` };
    checkUsage(usageIn(nested.triggers), new Set(), nestedScope, triggersAt, problems);
    checkScope(root, new Set(nested.triggerRefs), nestedScope, problems);
  }

  const defined = new Set<string>();
  const parallel = isParallel(node);
  let running = new Set(available);
  for (const child of childSteps(located)) {
    const out = visit(child, parallel ? available : running, scope, problems);
    for (const name of out) defined.add(name);
    if (!parallel) running = new Set([...running, ...out]);
  }
  if (node.ref !== undefined) defined.add(node.ref);
  return defined;
}
