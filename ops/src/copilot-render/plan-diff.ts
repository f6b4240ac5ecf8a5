import { isDeepStrictEqual } from 'node:util';
import type { CfnResource, RenderedStack } from './rendered-stacks.js';

export interface StackDiff {
  stack: string;
  added: string[];
  removed: string[];
  /** Logical ID with the top-level keys (`Type`, `Properties.X`, `Condition`, …) that differ. */
  changed: Array<{ logicalId: string; keys: string[] }>;
  /** Template sections other than Resources (Parameters, Outputs, Conditions, …) that differ. */
  sections: string[];
  parameters: string[];
}

/** Values Copilot renders differently on every run; they say nothing about a change. */
function masked(resource: CfnResource): CfnResource {
  if (resource.Type !== 'Custom::DynamicDesiredCountFunction' || !resource.Properties) return resource;
  const { UpdateID: _random, ...properties } = resource.Properties;
  return { ...resource, Properties: properties };
}

const typed = (id: string, resource: CfnResource | undefined) => `${id} (${resource?.Type ?? '?'})`;

function changedKeys(before: CfnResource, after: CfnResource): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) => {
    if (key !== 'Properties') return isDeepStrictEqual(before[key], after[key]) ? [] : [key];
    const a = before.Properties ?? {};
    const b = after.Properties ?? {};
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((name) => !isDeepStrictEqual(a[name], b[name]))
      .map((name) => `Properties.${name}`);
  });
}

/** Per stack, what deploying `head` instead of `base` changes in CloudFormation. */
export function diffRenders(base: RenderedStack[], head: RenderedStack[]): StackDiff[] {
  const names = [...new Set([...base.map((stack) => stack.name), ...head.map((stack) => stack.name)])];
  return names.map((name) => {
    const before = base.find((stack) => stack.name === name);
    const after = head.find((stack) => stack.name === name);
    const a = before?.template.Resources ?? {};
    const b = after?.template.Resources ?? {};
    const sections = [
      ...new Set([...Object.keys(before?.template ?? {}), ...Object.keys(after?.template ?? {})]),
    ]
      .filter((section) => !['Resources', 'Description', 'Metadata'].includes(section))
      .filter((section) => !isDeepStrictEqual(before?.template[section], after?.template[section]));
    const parameters = [
      ...new Set([...Object.keys(before?.parameters ?? {}), ...Object.keys(after?.parameters ?? {})]),
    ].filter((key) => before?.parameters[key] !== after?.parameters[key]);
    return {
      stack: name,
      added: Object.keys(b)
        .filter((id) => !(id in a))
        .map((id) => typed(id, b[id])),
      removed: Object.keys(a)
        .filter((id) => !(id in b))
        .map((id) => typed(id, a[id])),
      changed: Object.keys(b)
        .filter((id) => id in a)
        .map((id) => ({
          logicalId: typed(id, b[id]),
          keys: changedKeys(masked(a[id] as CfnResource), masked(b[id] as CfnResource)),
        }))
        .filter((change) => change.keys.length > 0),
      sections,
      parameters,
    };
  });
}

/** The job-summary Markdown: one section per stack, "no change" stacks in one line. */
export function formatPlan(diffs: StackDiff[], title: string): string {
  const lines = [`## ${title}`, ''];
  const unchanged = diffs.filter(
    (diff) =>
      !diff.added.length &&
      !diff.removed.length &&
      !diff.changed.length &&
      !diff.sections.length &&
      !diff.parameters.length,
  );
  for (const diff of diffs) {
    if (unchanged.includes(diff)) continue;
    lines.push(`### \`${diff.stack}\``, '');
    for (const id of diff.added) lines.push(`- **added** ${id}`);
    for (const id of diff.removed) lines.push(`- **removed** ${id}`);
    for (const change of diff.changed)
      lines.push(`- **changed** ${change.logicalId}: ${change.keys.join(', ')}`);
    if (diff.sections.length) lines.push(`- template sections changed: ${diff.sections.join(', ')}`);
    if (diff.parameters.length) lines.push(`- parameter values changed: ${diff.parameters.join(', ')}`);
    lines.push('');
  }
  lines.push(
    unchanged.length === diffs.length
      ? 'No CloudFormation change in any stack.'
      : `No change: ${unchanged.map((diff) => `\`${diff.stack}\``).join(', ') || 'none'}.`,
    '',
  );
  return lines.join('\n');
}
