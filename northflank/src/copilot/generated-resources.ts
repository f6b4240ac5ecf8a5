import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { WORKSPACE_DIR } from '../template/template.js';

/**
 * The CloudFormation resources Copilot creates for copilot/, per stack, as rendered by the pinned Copilot itself:
 * `yarn copilot:package --write-resources` (ops/src/copilot-render) writes this file from an offline render, and the
 * ops render test fails when it differs from a fresh one.
 */
export const RENDERED_RESOURCES_PATH = resolve(WORKSPACE_DIR, 'src/copilot/copilot-rendered-resources.json');

const dataSchema = z.object({
  $comment: z.string(),
  copilot: z.string(),
  stacks: z.array(
    z.strictObject({
      stack: z.string(),
      source: z.string(),
      resources: z.array(
        z.strictObject({ logicalId: z.string(), type: z.string().regex(/^(AWS|Custom)::/) }),
      ),
    }),
  ),
});
export type RenderedResourcesData = z.infer<typeof dataSchema>;
export type GeneratedStack = RenderedResourcesData['stacks'][number];

export function readRenderedResources(path = RENDERED_RESOURCES_PATH): RenderedResourcesData {
  return dataSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Every stack Copilot creates for this configuration, with the resources CloudFormation creates in each. */
export function copilotGeneratedStacks(
  data: RenderedResourcesData = readRenderedResources(),
): GeneratedStack[] {
  return data.stacks;
}

export interface ResourceSummary {
  total: number;
  byStack: { stack: string; source: string; total: number }[];
  byType: Record<string, number>;
}

export function summarizeResources(stacks: GeneratedStack[]): ResourceSummary {
  const byType = new Map<string, number>();
  for (const { resources } of stacks) {
    for (const { type } of resources) byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return {
    total: stacks.reduce((sum, { resources }) => sum + resources.length, 0),
    byStack: stacks.map(({ stack, source, resources }) => ({ stack, source, total: resources.length })),
    byType: Object.fromEntries([...byType].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))),
  };
}

export function formatResourceSummary(summary: ResourceSummary, data: RenderedResourcesData): string {
  const width = Math.max(...summary.byStack.map(({ stack }) => stack.length));
  const stacks = summary.byStack
    .map(({ stack, source, total }) => `  ${stack.padEnd(width)}  ${String(total).padStart(3)}  ${source}`)
    .join('\n');
  const types = Object.entries(summary.byType)
    .map(([type, count]) => `  ${String(count).padStart(3)} × ${type}`)
    .join('\n');
  return [
    `CloudFormation resources Copilot ${data.copilot} creates for copilot/ (rendered offline by yarn copilot:package):`,
    stacks,
    `Total: ${summary.total} resources in ${summary.byStack.length} stacks`,
    '',
    'By type:',
    types,
  ].join('\n');
}
