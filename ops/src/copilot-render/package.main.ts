/**
 * `yarn copilot:package [--out DIR] [--workspace DIR] [--stack NAME]…`: renders the environment and every workload with the pinned
 * Copilot, offline, and writes `<out>/<stack>/{template.yml,params.json,addons.yml}` and `<out>/summary.md`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COPILOT_VERSION } from './copilot-binary.js';
import { renderFailures, renderOffline } from './render-offline.js';
import { fixtureFor } from './render-stacks.js';
import { readRenderedStacks } from './rendered-stacks.js';
import { RESOURCE_INVENTORY_FILE, resourceInventory } from './resource-inventory.js';
import { formatSummary } from './summary.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const USAGE = `Usage: yarn copilot:package [--out DIR] [--workspace DIR] [--stack environment|<workload>]...
  --out        where to write <stack>/template.yml, params.json, addons.yml and summary.md (default .cache/copilot/render)
  --write-resources  also write ${RESOURCE_INVENTORY_FILE} (the resource counts docs/tradeoffs.md quotes)
  --workspace  the checkout whose copilot/ to render (default: this one; CI renders a pull request's base with it)`;

try {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      workspace: { type: 'string' },
      'write-resources': { type: 'boolean' },
      stack: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) console.log(USAGE);
  else {
    // Relative to where the command was typed (yarn runs workspace scripts from the workspace directory).
    const cwd = process.env.INIT_CWD ?? process.cwd();
    const outDir = resolve(cwd, values.out ?? join(REPO_ROOT, '.cache/copilot/render'));
    const result = await renderOffline({
      repoRoot: REPO_ROOT,
      workspaceDir: values.workspace ? resolve(cwd, values.workspace) : undefined,
      outDir,
      stacks: values.stack,
      log: (line) => console.error(line),
    });
    const failures = renderFailures(result);
    if (failures.length > 0) throw new Error(`copilot could not render:\n${failures.join('\n')}`);
    const stacks = readRenderedStacks(outDir);
    const summary = formatSummary(stacks, COPILOT_VERSION);
    if (values['write-resources']) {
      const fixture = fixtureFor(
        values.workspace ? resolve(cwd, values.workspace) : REPO_ROOT,
        COPILOT_VERSION,
      );
      const inventory = resourceInventory(fixture.app, fixture.env, stacks, COPILOT_VERSION);
      writeFileSync(join(REPO_ROOT, RESOURCE_INVENTORY_FILE), `${JSON.stringify(inventory, null, 2)}\n`);
    }
    writeFileSync(join(outDir, 'summary.md'), summary);
    console.log(summary);
    console.log(`Templates and parameters: ${outDir}/<stack>/`);
  }
} catch (error) {
  console.error(`copilot:package: ${(error as Error).message}`);
  process.exitCode = 1;
}
