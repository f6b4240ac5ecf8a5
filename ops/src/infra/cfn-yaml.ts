import { type CollectionTag, parse, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * CloudFormation's YAML short forms (`!Ref X`, `!Sub '…'`, `!GetAtt A.B`, `!Join [',', […]]`, …) parsed into the
 * long JSON forms (`{ Ref: X }`, `{ 'Fn::Sub': '…' }`, `{ 'Fn::GetAtt': ['A', 'B'] }`, …) so templates can be
 * checked like JSON. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'ToJsonString',
  'Length',
] as const;

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function getAttArgs(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function tagsFor(name: string): Array<ScalarTag | CollectionTag> {
  const key = longForm(name);
  const wrap = (value: unknown) => ({ [key]: name === 'GetAtt' ? getAttArgs(value) : value });
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(value) },
    {
      tag: `!${name}`,
      collection: 'seq',
      resolve: (seq: YAMLSeq.Parsed | YAMLMap.Parsed) => wrap(seq.toJSON()),
    },
    {
      tag: `!${name}`,
      collection: 'map',
      resolve: (map: YAMLSeq.Parsed | YAMLMap.Parsed) => wrap(map.toJSON()),
    },
  ];
}

export const cfnCustomTags: Array<ScalarTag | CollectionTag> = [
  'Ref',
  'Condition',
  'GetAtt',
  ...FUNCTIONS,
].flatMap(tagsFor);

/** Parses a CloudFormation (or Copilot addons.parameters.yml) YAML document into plain JSON-like values. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: cfnCustomTags, uniqueKeys: true, strict: true, prettyErrors: true });
}

export type Intrinsic = { name: string; args: unknown };

/** `{ Ref: x }` / `{ 'Fn::X': … }` / `{ Condition: c }` (a single-key object) → its name and arguments. */
export function asIntrinsic(value: unknown): Intrinsic | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [name] = keys;
  if (name !== 'Ref' && name !== 'Condition' && !name.startsWith('Fn::')) return undefined;
  return { name, args: (value as Record<string, unknown>)[name] };
}
