/**
 * The part of an offline render that runs inside the isolated network namespace (started by render-offline.ts):
 * checks the namespace, renders, and writes the result as JSON to `<out>/render.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { assertOnlyLoopback } from './network-namespace.js';
import { renderStacks, stacksOf } from './render-stacks.js';

const { values } = parseArgs({
  options: {
    copilot: { type: 'string' },
    workspace: { type: 'string' },
    out: { type: 'string' },
    stacks: { type: 'string' },
    version: { type: 'string' },
  },
  strict: true,
});
const { copilot, workspace, out, version } = values as Record<string, string>;
assertOnlyLoopback();
const all = stacksOf(workspace);
const wanted = values.stacks ? values.stacks.split(',') : all.map((stack) => stack.name);
const unknownStacks = wanted.filter((name) => !all.some((stack) => stack.name === name));
if (unknownStacks.length > 0) throw new Error(`no such stack: ${unknownStacks.join(', ')}`);
const result = await renderStacks({
  copilot,
  workspaceDir: workspace,
  outDir: out,
  stacks: all.filter((stack) => wanted.includes(stack.name)),
  version,
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'render.json'), `${JSON.stringify(result, null, 2)}\n`);
