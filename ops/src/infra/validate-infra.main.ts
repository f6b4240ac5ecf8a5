import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from './problem.js';
import { validateInfra } from './validate-infra.js';

/**
 * `yarn workspace @iac-experiment/ops validate:infra [repoRoot]`: validates copilot/ (manifests, environment addon,
 * overrides) and exits non-zero on any problem. CI runs it; so does the ops test suite.
 */
const repoRoot = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const started = performance.now();
const { problems, checkedFiles } = await validateInfra({ repoRoot });
const elapsed = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  for (const problem of problems) console.error(`✗ ${formatProblem(problem)}`);
  console.error(
    `validate:infra: ${problems.length} problem(s) in ${checkedFiles.length} files (${elapsed} s)`,
  );
  process.exitCode = 1;
} else {
  console.log(`validate:infra: ${checkedFiles.length} files under copilot/ are valid (${elapsed} s)`);
}
