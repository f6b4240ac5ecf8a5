import { type CollectionTag, parse, type ScalarTag } from 'yaml';

const FUNCTIONS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'Join',
  'Split',
  'Select',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'ImportValue',
  'Base64',
  'GetAZs',
  'Cidr',
];

const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** CloudFormation's short-form intrinsics (`!Ref x`) as their long form (`{ Ref: x }`), in all three YAML shapes. */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = FUNCTIONS.flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longForm(name)]: value }) },
  { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [longForm(name)]: seq.toJSON() }) },
  { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [longForm(name)]: map.toJSON() }) },
]);

/** Parses YAML that may use CloudFormation intrinsic tags (Copilot addons, addons.parameters.yml). */
export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS });
}
