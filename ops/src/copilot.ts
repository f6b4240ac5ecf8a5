/**
 * The one reader of the Copilot workspace (copilot/), for every workspace that needs it:
 * `import { loadCopilotProject } from '@iac-experiment/ops/copilot'`.
 */
export * from './infra/copilot-project.js';
export type * from './infra/manifest-types.js';
export { formatProblem, type Problem } from './infra/problem.js';
