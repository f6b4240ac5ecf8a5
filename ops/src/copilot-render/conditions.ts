import { asIntrinsic } from '../infra/cfn-yaml.js';

type Template = {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
};

/**
 * Evaluates a template's Conditions for the given parameter values (falling back to each parameter's Default),
 * as CloudFormation would at deploy time. `undefined`: the condition depends on something only known in AWS
 * (a resource attribute, an import); such resources are counted as created.
 */
export function evaluateConditions(
  template: Template,
  values: Record<string, string>,
): Record<string, boolean | undefined> {
  const parameters = template.Parameters ?? {};
  const conditions = template.Conditions ?? {};
  const results: Record<string, boolean | undefined> = {};
  const resolving = new Set<string>();

  const value = (node: unknown): unknown => {
    const intrinsic = asIntrinsic(node);
    if (!intrinsic) return node;
    const { name, args } = intrinsic;
    if (name === 'Ref' && typeof args === 'string') {
      if (args in values) return values[args];
      const fallback = parameters[args]?.Default;
      return fallback === undefined ? undefined : String(fallback);
    }
    if (name === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
      const parts = (args[1] as unknown[]).map(value);
      return parts.some((part) => typeof part !== 'string') ? undefined : parts.join(String(args[0]));
    }
    return truth(node);
  };
  const truth = (node: unknown): boolean | undefined => {
    const intrinsic = asIntrinsic(node);
    if (!intrinsic) return undefined;
    const { name, args } = intrinsic;
    const list = Array.isArray(args) ? args : [];
    switch (name) {
      case 'Condition':
        return condition(String(args));
      case 'Fn::Equals': {
        const [a, b] = list.map(value);
        return a === undefined || b === undefined ? undefined : String(a) === String(b);
      }
      case 'Fn::Not': {
        const inner = truth(list[0]);
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And': {
        const all = list.map(truth);
        return all.includes(false) ? false : all.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const any = list.map(truth);
        return any.includes(true) ? true : any.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  };
  const condition = (name: string): boolean | undefined => {
    if (name in results) return results[name];
    if (resolving.has(name)) return undefined;
    resolving.add(name);
    results[name] = truth(conditions[name]);
    return results[name];
  };
  for (const name of Object.keys(conditions)) condition(name);
  return results;
}
