import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { copilotGeneratedStacks, summarizeResources } from '../copilot/generated-resources.js';
import { inventory } from '../loc/inventory.js';
import { WORKSPACE_DIR } from '../template/template.js';
import { computeCostReport } from './report.js';

/**
 * docs/tradeoffs.md, docs/deploying-to-aws.md and docs/northflank.md quote `yarn cost` and `loc`: a change to copilot/,
 * the template, the price tables
 * or the deploy workflow must show up there too, or these fail.
 */
const REPO_ROOT = resolve(WORKSPACE_DIR, '..');
const read = (file: string) => readFileSync(resolve(REPO_ROOT, file), 'utf8');
const usd = (value: number) => `$${value.toFixed(2)}`;
/** 1393 → `1,393`, as the tables write it (no dependence on the runtime's ICU data). */
const grouped = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The cells after the first of every Markdown table row whose first cell is exactly `label`. */
const rows = (markdown: string, label: string): string[][] =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells[1] === label)
    .map((cells) => cells.slice(2, -1));
/** Only the leading amount of each cell (`$30.19 (+ addon disk, unpriced)` → `$30.19`). */
const amounts = (cells: string[][]) => cells.map((row) => row.map((cell) => cell.split(' ')[0]));

describe('numbers quoted in the docs', () => {
  const { aws, northflank } = computeCostReport();

  it('docs/tradeoffs.md quotes the totals `yarn cost` prints', () => {
    const tradeoffs = read('docs/tradeoffs.md');
    expect(rows(tradeoffs, 'Copilot on AWS, us-east-1')).toEqual([
      [`**${usd(aws.idle.total)}**`, `**${usd(aws.max.total)}**`],
    ]);
    expect(amounts(rows(tradeoffs, 'Northflank'))).toContainEqual([
      `**${usd(northflank.idle.total)}**`,
      `**${usd(northflank.max.total)}**`,
    ]);
  });

  it('docs/northflank.md quotes the totals `yarn cost` prints for both strategies', () => {
    const northflankPage = read('docs/northflank.md');
    expect(rows(northflankPage, 'AWS via Copilot, us-east-1')).toEqual([
      [usd(aws.idle.total), usd(aws.max.total)],
    ]);
    expect(amounts(rows(northflankPage, 'Northflank'))).toEqual([
      [usd(northflank.idle.total), usd(northflank.max.total)],
    ]);
  });

  it('docs/deploying-to-aws.md quotes the itemised Copilot bill `yarn cost` prints', () => {
    expect(rows(read('docs/deploying-to-aws.md'), '**total**')).toEqual([
      ['', `**${aws.idle.total.toFixed(2)}**`, `**${aws.max.total.toFixed(2)}**`],
    ]);
  });

  it("docs/tradeoffs.md quotes this repository's configuration size as `loc` counts it", () => {
    const tradeoffs = read('docs/tradeoffs.md');
    const labels: Record<string, string> = {
      'Copilot (this repo) manifests': 'Copilot: manifests',
      'Copilot (this repo) addons (CloudFormation)': 'Copilot: Aurora addon (CloudFormation)',
      'Copilot (this repo) overrides (runtime patches, rollback alarms)':
        'Copilot: overrides (runtimes, rollback alarms)',
      'Copilot (this repo) deploy workflow': 'Copilot: deploy workflow',
      'Northflank (this repo) template': '**Northflank (this repo)**: template incl. release flow',
    };
    const { sizes } = inventory(REPO_ROOT);
    expect(sizes.map(({ strategy, part }) => `${strategy} ${part}`).sort()).toEqual(
      Object.keys(labels).sort(),
    );
    const figures = (counts: Array<{ files: number; lines: number; config: number; values: number }>) =>
      (['files', 'lines', 'config', 'values'] as const).map((key) =>
        grouped(counts.reduce((sum, count) => sum + count[key], 0)),
      );
    for (const { strategy, part, count } of sizes) {
      const label = labels[`${strategy} ${part}`] as string;
      expect({ label, cells: rows(tradeoffs, label) }).toEqual({ label, cells: [figures([count])] });
    }
    const copilot = sizes
      .filter(({ strategy }) => strategy === 'Copilot (this repo)')
      .map(({ count }) => count);
    expect(rows(tradeoffs, '**Copilot total**')).toEqual([figures(copilot)]);
  });

  it('docs/tradeoffs.md quotes the resources `copilot-resources` counts, by stack and by type', () => {
    const tradeoffs = read('docs/tradeoffs.md');
    const summary = summarizeResources(copilotGeneratedStacks());
    const lines = tradeoffs.split('\n');
    const header = lines.findIndex((line) => line.startsWith('| Copilot stack (`copilot-resources`)'));
    const end = lines.findIndex((line, i) => i > header && !line.startsWith('|'));
    const table = lines.slice(header + 2, end).map((line) => line.split('|').map((cell) => cell.trim()));
    const documented = table
      .filter((cells) => cells[1]?.startsWith('`'))
      .map((cells) => [cells[1]?.split('`')[1], Number(cells.at(-2))]);
    expect(documented.sort()).toEqual(
      summary.byStack.map(({ stack, total }) => [stack.split(' ')[0], total]).sort(),
    );
    expect(rows(tradeoffs, '**Copilot, all stacks**')).toEqual([
      [`${summary.byStack.length} stacks`, `**${summary.total}**`],
    ]);
    expect(tradeoffs).toContain(`So Copilot creates **${summary.total}** resources`);
    const byType = tradeoffs.replace(/\s+/g, ' ');
    const types = Object.entries(summary.byType);
    for (const [type, count] of types.filter(([, count]) => count > 1)) {
      expect(byType).toContain(`${count} × \`${type}\``);
    }
    expect(byType).toContain(`one each of ${types.filter(([, count]) => count === 1).length} other types`);
  });
});
