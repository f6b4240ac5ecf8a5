import type { YamlFile } from './copilot-project.js';
import { PATCHED_LAMBDA_RUNTIME } from './copilot-template-facts.js';
import { validateAgainstSchema } from './manifest-schema.js';
import type { Problem } from './problem.js';

const RUNTIME_PATH = /^\/Resources\/[A-Za-z0-9]+\/Properties\/Runtime$/;

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

/**
 * Checks one `overrides/cfn.patches.yml` without Copilot: a valid YAML patch, and every Lambda runtime it sets is the
 * chosen one. Whether each path exists in Copilot's template, and whether any function is left on an older runtime,
 * only the real render can tell: ops/test/copilot/render.e2e-spec.ts renders every stack with Copilot itself.
 */
export function checkRuntimePatches(patches: YamlFile | undefined): Problem[] {
  if (!patches) return [];
  const problems: Problem[] = validateAgainstSchema('patches', patches.data).map(({ at, message }) => ({
    file: patches.file,
    at,
    message: `not a valid YAML patch: ${message}`,
  }));
  if (problems.length > 0) return problems;
  (patches.data as PatchOperation[]).forEach((operation, index) => {
    if (!RUNTIME_PATH.test(operation.path) || operation.op === 'remove') return;
    if (operation.value !== PATCHED_LAMBDA_RUNTIME) {
      problems.push({
        file: patches.file,
        at: `[${index}] ${operation.path}`,
        message: `runtime must be ${PATCHED_LAMBDA_RUNTIME}, got ${JSON.stringify(operation.value)}`,
      });
    }
  });
  return problems;
}
