/**
 * `yarn copilot:plan --base DIR --head DIR [--title T]`: the per-stack CloudFormation difference between two
 * `yarn copilot:package` outputs, as Markdown (CI writes it to the pull request's job summary).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diffRenders, formatPlan } from './plan-diff.js';
import { readRenderedStacks } from './rendered-stacks.js';

try {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, head: { type: 'string' }, title: { type: 'string' } },
    strict: true,
  });
  if (!values.base || !values.head)
    throw new Error('Usage: yarn copilot:plan --base DIR --head DIR [--title T]');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const diffs = diffRenders(
    readRenderedStacks(resolve(cwd, values.base)),
    readRenderedStacks(resolve(cwd, values.head)),
  );
  console.log(formatPlan(diffs, values.title ?? 'What this merge would change in CloudFormation'));
} catch (error) {
  console.error(`copilot:plan: ${(error as Error).message}`);
  process.exitCode = 1;
}
