import { asIntrinsic } from './cfn-yaml.js';

const VARIABLE = /\$\{(!?)([^}]*)\}/g;

/**
 * The string a plain value or an `Fn::Sub` (string or `[string, map]` form) stands for, given the values of the
 * template's parameters; undefined when it is neither or names a variable without a known value (a resource
 * attribute, a pseudo parameter). `${!Literal}` stays `${Literal}`, as in CloudFormation.
 */
export function resolveSub(value: unknown, variables: Record<string, string>): string | undefined {
  if (typeof value === 'string') return value;
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name !== 'Fn::Sub') return undefined;
  const [text, map] = Array.isArray(intrinsic.args) ? intrinsic.args : [intrinsic.args, {}];
  if (typeof text !== 'string') return undefined;
  const known: Record<string, string> = { ...variables };
  for (const [key, item] of Object.entries((map ?? {}) as Record<string, unknown>)) {
    if (typeof item !== 'string') return undefined;
    known[key] = item;
  }
  let unresolved = false;
  const resolved = text.replace(VARIABLE, (_, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    if (!(name in known)) unresolved = true;
    return known[name] ?? '';
  });
  return unresolved ? undefined : resolved;
}
