import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatInventory, inventory } from '../loc/inventory.js';
import { WORKSPACE_DIR } from '../template/template.js';

const USAGE = `Usage: yarn workspace @iac-experiment/northflank run loc [--seed <checkout>] [--json]

Counts the configuration each deployment strategy asks a human to write and read (lines, config lines without
blanks and comments, scalar values) and the resources declared by hand.
  --seed  a checkout of github.com/amiller68/iac-experiment, to count its Terraform too
  --json  print JSON`;

try {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) console.log(USAGE);
  else {
    const result = inventory(resolve(WORKSPACE_DIR, '..'), values.seed);
    console.log(values.json ? JSON.stringify(result, null, 2) : formatInventory(result));
  }
} catch (error) {
  console.error(`loc: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
