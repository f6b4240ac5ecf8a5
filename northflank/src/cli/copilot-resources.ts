import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  copilotGeneratedStacks,
  formatResourceSummary,
  readCopilotFeatures,
  readGeneratedResourcesData,
  summarizeResources,
} from '../copilot/generated-resources.js';
import { verifyAgainstCopilotSource } from '../copilot/template-source.js';

const USAGE = `Usage: yarn workspace @iac-experiment/northflank run copilot-resources [--json] [--copilot-src <checkout>]

Counts the CloudFormation resources Copilot creates for copilot/, by stack and by type, from the resource list
transcribed from Copilot's templates (src/copilot/copilot-generated-resources.json) and the manifests.
  --json          print every stack with its resources (and those the configuration leaves out) as JSON
  --copilot-src   a checkout of github.com/aws/copilot-cli at the recorded commit: first check that the list
                  matches its templates (every resource of every file each template includes)`;

try {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      'copilot-src': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) console.log(USAGE);
  else {
    const data = readGeneratedResourcesData();
    const checkout = values['copilot-src'];
    const problems = checkout ? verifyAgainstCopilotSource(data, resolve(checkout)) : [];
    if (problems.length > 0) {
      throw new Error(`the resource list does not match ${checkout}:\n  ${problems.join('\n  ')}`);
    }
    const stacks = copilotGeneratedStacks(readCopilotFeatures(), data);
    const summary = summarizeResources(stacks);
    if (values.json) console.log(JSON.stringify({ source: data.source, summary, stacks }, null, 2));
    else {
      if (checkout) console.log(`The resource list matches the templates in ${checkout}.\n`);
      console.log(formatResourceSummary(summary, data));
    }
  }
} catch (error) {
  console.error(`copilot-resources: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
