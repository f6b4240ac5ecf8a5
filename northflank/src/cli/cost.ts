import { parseArgs } from 'node:util';
import { computeCostReport, DEFAULT_REGION, formatCostReport } from '../cost/report.js';

const USAGE = `Usage: yarn cost [--region <aws-region>] [--json] [--copilot <dir>] [--template <file>]

Prints the monthly bill of the Copilot configuration (copilot/) on AWS and of the Northflank template
(northflank/template.json), at idle and at maximum scale, from the dated price tables in northflank/prices/.
  --region    AWS region to price (default ${DEFAULT_REGION})
  --json      print the bills as JSON
  --copilot   Copilot workspace folder (default: the repository's copilot/)
  --template  Northflank template (default: northflank/template.json)`;

function main(argv: string[]): number {
  let values: { region?: string; json?: boolean; copilot?: string; template?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        region: { type: 'string' },
        json: { type: 'boolean' },
        copilot: { type: 'string' },
        template: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`yarn cost: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const report = computeCostReport({
      region: values.region,
      copilotDir: values.copilot,
      templatePath: values.template,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatCostReport(report));
    return 0;
  } catch (error) {
    console.error(`yarn cost: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
