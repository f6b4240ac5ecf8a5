import { COPILOT_DIR, readCopilotApp } from './copilot/manifests.js';
import { loadNorthflankPrices } from './cost/prices.js';
import { checkParity } from './parity/parity.js';
import { checkSecretGroupsRestricted } from './template/isolation.js';
import { describeTemplate } from './template/model.js';
import { checkReferences } from './template/references.js';
import { checkRolloutOrder } from './template/rollout.js';
import { typecheckTemplateSpecs } from './template/spec-typecheck.js';
import type { TemplateFile } from './template/template.js';

export interface Finding {
  check: 'spec types' | 'references' | 'rollout order' | 'isolation' | 'parity';
  where: string;
  message: string;
}

/** The job whose successful run gates every rollout (Copilot's Scheduled Job of the same name). */
export const MIGRATION_JOB = 'migrator';

/** Every check of the Northflank template, including its parity with the Copilot workspace. */
export function checkTemplate(template: TemplateFile, copilotDir = COPILOT_DIR): Finding[] {
  const model = describeTemplate(template);
  const app = readCopilotApp(copilotDir);
  return [
    ...typecheckTemplateSpecs(template).map(
      (p): Finding => ({ check: 'spec types', where: p.path, message: p.message }),
    ),
    ...checkReferences(template).map(
      (p): Finding => ({ check: 'references', where: p.path, message: p.message }),
    ),
    ...checkRolloutOrder(template, MIGRATION_JOB).map(
      (p): Finding => ({ check: 'rollout order', where: p.path, message: p.message }),
    ),
    ...checkSecretGroupsRestricted(model).map(
      (message): Finding => ({ check: 'isolation', where: 'secret groups', message }),
    ),
    ...checkParity(app, model, loadNorthflankPrices().plans).map(
      (p): Finding => ({ check: 'parity', where: p.workload, message: `${p.workload} ${p.message}` }),
    ),
  ];
}
