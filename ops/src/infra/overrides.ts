import type { YamlFile } from './copilot-project.js';
import {
  COPILOT_LAMBDA_RUNTIME,
  lambdaFunctionsIn,
  PATCHED_LAMBDA_RUNTIME,
  type TemplateKind,
  templateFeatures,
} from './copilot-template-facts.js';
import { validateAgainstSchema } from './manifest-schema.js';
import type { Problem } from './problem.js';

const RUNTIME_PATH = /^\/Resources\/([A-Za-z0-9]+)\/Properties\/Runtime$/;

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

/**
 * Checks one template's `overrides/cfn.patches.yml` against the functions Copilot renders for it:
 * every nodejs20.x function present is moved to a supported runtime, and no patch targets a path that is not in the
 * rendered template (Copilot's YAML patch fails the whole deploy on a missing path).
 */
export function checkRuntimePatches(
  kind: TemplateKind,
  manifest: Record<string, unknown>,
  patches: YamlFile | undefined,
  manifestFile: string,
): Problem[] {
  const expected = lambdaFunctionsIn(kind, templateFeatures(kind, manifest));
  if (!patches) {
    return expected.length === 0
      ? []
      : [
          {
            file: manifestFile.replace(/manifest\.yml$/, 'overrides/cfn.patches.yml'),
            message: `missing: the ${kind} template has ${expected.map((fact) => fact.logicalId).join(', ')} on ${COPILOT_LAMBDA_RUNTIME}, which Lambda no longer lets CloudFormation create`,
          },
        ];
  }
  const problems: Problem[] = validateAgainstSchema('patches', patches.data).map(({ at, message }) => ({
    file: patches.file,
    at,
    message: `not a valid YAML patch: ${message}`,
  }));
  if (problems.length > 0) return problems;

  const patched = new Set<string>();
  (patches.data as PatchOperation[]).forEach((operation, index) => {
    const at = `[${index}] ${operation.path}`;
    const match = RUNTIME_PATH.exec(operation.path);
    const fact = match ? expected.find((candidate) => candidate.logicalId === match[1]) : undefined;
    if (!match) {
      problems.push({
        file: patches.file,
        at,
        message:
          'only Lambda runtime patches are recorded in ops/src/infra/copilot-template-facts.ts; record the template fact for this path before patching it',
      });
      return;
    }
    if (!fact) {
      problems.push({
        file: patches.file,
        at,
        message: `${match[1]} is not in Copilot's ${kind} template for this manifest: the patch would fail the deploy`,
      });
      return;
    }
    if (operation.op !== 'replace') {
      problems.push({
        file: patches.file,
        at,
        message: `use 'replace' for an existing Runtime, not '${operation.op}'`,
      });
    } else if (operation.value !== PATCHED_LAMBDA_RUNTIME) {
      problems.push({
        file: patches.file,
        at,
        message: `runtime must be ${PATCHED_LAMBDA_RUNTIME}, got ${JSON.stringify(operation.value)}`,
      });
    }
    if (patched.has(fact.logicalId)) problems.push({ file: patches.file, at, message: 'patched twice' });
    patched.add(fact.logicalId);
  });
  for (const fact of expected) {
    if (!patched.has(fact.logicalId)) {
      problems.push({
        file: patches.file,
        message: `${fact.logicalId} (${fact.source}) stays on ${COPILOT_LAMBDA_RUNTIME}: add a replace of /Resources/${fact.logicalId}/Properties/Runtime`,
      });
    }
  }
  return problems;
}
