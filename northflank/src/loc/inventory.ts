import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type TemplateFile } from '../template/template.js';
import { allNodes } from '../template/walk.js';
import {
  cloudFormationResources,
  countFiles,
  filesUnder,
  type LineCount,
  terraformResources,
} from './count.js';

export interface StrategySize {
  strategy: string;
  part: string;
  paths: string[];
  count: LineCount;
}

export interface ConfigInventory {
  sizes: StrategySize[];
  /** Resources a human declares, by type, per strategy. */
  declared: { strategy: string; byType: Record<string, number> }[];
}

const sorted = (map: Map<string, number>) =>
  Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));

function templateNodes(template: TemplateFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { node, path } of allNodes(template.spec)) {
    const key = path.includes('.releaseFlow.') ? `${node.kind} (release flow)` : node.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function size(
  strategy: string,
  part: string,
  root: string,
  paths: string[],
  syntax: 'yaml' | 'json' | 'hcl',
): StrategySize {
  return {
    strategy,
    part,
    paths: paths.map((path) => path.slice(root.length + 1)),
    count: countFiles(paths, syntax),
  };
}

/**
 * Lines of configuration each strategy asks a human to write and read, and the resources declared by hand:
 * this repository's copilot/ and Northflank template, and, given a checkout of the seed project
 * (github.com/amiller68/iac-experiment), its Terraform and its Northflank template.
 */
export function inventory(repoRoot: string, seedRoot?: string): ConfigInventory {
  const sizes: StrategySize[] = [];
  const declared: ConfigInventory['declared'] = [];
  const copilot = join(repoRoot, 'copilot');
  const manifests = filesUnder(copilot, /manifest\.yml$/);
  const addons = filesUnder(join(copilot, 'environments/addons'), /\.ya?ml$/).concat(
    filesUnder(copilot, /\/addons\/.*\.ya?ml$/).filter((path) => !path.includes('/environments/')),
  );
  const overrides = filesUnder(copilot, /overrides\/.*\.ya?ml$/);
  sizes.push(
    size('Copilot (this repo)', 'manifests', repoRoot, manifests, 'yaml'),
    size('Copilot (this repo)', 'addons (CloudFormation)', repoRoot, addons, 'yaml'),
    size('Copilot (this repo)', 'overrides (runtime patches, rollback alarms)', repoRoot, overrides, 'yaml'),
  );
  const deploy = filesUnder(join(repoRoot, '.github/workflows'), /deploy\.ya?ml$/);
  if (deploy.length > 0) sizes.push(size('Copilot (this repo)', 'deploy workflow', repoRoot, deploy, 'yaml'));
  declared.push({
    strategy: 'Copilot (this repo): addons',
    byType: sorted(cloudFormationResources(addons.map((path) => readFileSync(path, 'utf8')))),
  });

  const template = join(repoRoot, 'northflank/template.json');
  sizes.push(size('Northflank (this repo)', 'template', repoRoot, [template], 'json'));
  declared.push({
    strategy: 'Northflank (this repo): template nodes',
    byType: sorted(templateNodes(JSON.parse(readFileSync(template, 'utf8')) as TemplateFile)),
  });

  if (seedRoot) {
    const seed = resolve(seedRoot);
    if (!existsSync(join(seed, 'iac')))
      throw new Error(`${seed} is not a checkout of amiller68/iac-experiment (no iac/)`);
    const terraform = filesUnder(join(seed, 'iac/aws'), /\.(tf|hcl)$/);
    sizes.push(size('Terraform (seed)', 'iac/aws', seed, terraform, 'hcl'));
    const seedWorkflows = filesUnder(join(seed, '.github/workflows'), /\.ya?ml$/);
    if (seedWorkflows.length > 0)
      sizes.push(size('Terraform (seed)', 'deploy workflow', seed, seedWorkflows, 'yaml'));
    const seedTemplate = filesUnder(join(seed, 'iac/northflank'), /\.json$/);
    if (seedTemplate.length > 0)
      sizes.push(size('Northflank (seed)', 'template', seed, seedTemplate, 'json'));
    declared.push({
      strategy: 'Terraform (seed): blocks',
      byType: sorted(terraformResources(terraform.map((path) => readFileSync(path, 'utf8')))),
    });
  }
  return { sizes, declared };
}

export function formatInventory(result: ConfigInventory): string {
  const rows = [['Strategy', 'Part', 'Files', 'Lines', 'Config lines', 'Comments', 'Values*']];
  for (const { strategy, part, count } of result.sizes) {
    rows.push([
      strategy,
      part,
      `${count.files}`,
      `${count.lines}`,
      `${count.config}`,
      `${count.comment}`,
      `${count.values}`,
    ]);
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const table = rows
    .map((row) =>
      row
        .map((cell, column) =>
          column >= 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
  const declared = result.declared
    .map(({ strategy, byType }) => {
      const total = Object.values(byType).reduce((sum, value) => sum + value, 0);
      return `${strategy}: ${total}\n${Object.entries(byType)
        .map(([type, count]) => `  ${count} × ${type}`)
        .join('\n')}`;
    })
    .join('\n');
  return `${table}\n* scalar values in YAML/JSON; name = value attributes in HCL\n\nDeclared by hand, by type:\n${declared}`;
}
