import { parseArgs } from 'node:util';
import { checkTemplate } from '../checks.js';
import { readTemplate, TEMPLATE_PATH } from '../template/template.js';

const { values } = parseArgs({
  options: { template: { type: 'string' }, copilot: { type: 'string' } },
  strict: true,
});
const path = values.template ?? TEMPLATE_PATH;

try {
  const findings = checkTemplate(readTemplate(path), values.copilot);
  if (findings.length === 0) {
    console.log(
      `${path}: spec types, references, rollout order, isolation and parity with copilot/ all check out`,
    );
  } else {
    for (const finding of findings) console.error(`[${finding.check}] ${finding.where}: ${finding.message}`);
    console.error(`${path}: ${findings.length} problem(s)`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`check-template: ${(error as Error).message}`);
  process.exitCode = 1;
}
