import { parseArgs } from 'node:util';
import {
  copilotGeneratedStacks,
  formatResourceSummary,
  readRenderedResources,
  summarizeResources,
} from '../copilot/generated-resources.js';

const USAGE = `Usage: yarn workspace @iac-experiment/northflank run copilot-resources [--json]

Counts the CloudFormation resources Copilot creates for copilot/, by stack and by type, from the list the pinned
Copilot rendered (src/copilot/copilot-rendered-resources.json; refresh with yarn copilot:package --write-resources).
  --json          print every stack with its resources as JSON`;

try {
  const { values } = parseArgs({
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) console.log(USAGE);
  else {
    const data = readRenderedResources();
    const stacks = copilotGeneratedStacks(data);
    const summary = summarizeResources(stacks);
    if (values.json) console.log(JSON.stringify({ copilot: data.copilot, summary, stacks }, null, 2));
    else console.log(formatResourceSummary(summary, data));
  }
} catch (error) {
  console.error(`copilot-resources: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
