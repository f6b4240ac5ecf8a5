import type { Inventory, InventoryResource } from './inventory.js';

/** Plain-text report: per stack, resources grouped by type; then totals by type across the app. */
export function formatInventoryTable(inventory: Inventory): string {
  const lines: string[] = [
    `Application ${inventory.app}${inventory.env ? `, environment ${inventory.env}` : ''}: ` +
      `${inventory.resourceCount} resources in ${inventory.stacks.length} stacks`,
  ];
  for (const stack of inventory.stacks) {
    const nested = stack.parent ? `, nested in ${stack.parent}` : '';
    lines.push('', `${stack.name} (${stack.status}${nested}) — ${stack.resources.length} resources`);
    const rows = groupByType(stack.resources).flatMap(([type, resources]) =>
      resources.map((resource, index) => [
        index === 0 ? type : '',
        resource.logicalId,
        resource.physicalId ?? '-',
      ]),
    );
    lines.push(...table(['TYPE', 'LOGICAL ID', 'PHYSICAL ID'], rows).map((line) => `  ${line}`));
  }
  lines.push('', 'Totals by type');
  lines.push(
    ...table(
      ['TYPE', 'COUNT'],
      Object.entries(inventory.countsByType).map(([type, count]) => [type, String(count)]),
    ).map((line) => `  ${line}`),
  );
  return lines.join('\n');
}

function groupByType(resources: InventoryResource[]): [string, InventoryResource[]][] {
  const groups = new Map<string, InventoryResource[]>();
  for (const resource of resources) {
    groups.set(resource.type, [...(groups.get(resource.type) ?? []), resource]);
  }
  return [...groups.entries()];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)];
}
