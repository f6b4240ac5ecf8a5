import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const MIGRATOR = '@iac-experiment/migrator';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const workspaces = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `from '@iac-experiment/migrator…'` in every other workspace, as `file: specifier`. */
function migratorImports(): string[] {
  return workspaces
    .filter((dir) => dir !== 'migrator')
    .flatMap((dir) => sourceFiles(join(repoRoot, dir)))
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(@iac-experiment\/migrator[^']*)'/g)].map(
        (match) => `${relative(repoRoot, file)}: ${match[1]}`,
      ),
    );
}

// The migrator is the job that changes the schema. What services and tools share about the database lives in
// @iac-experiment/db; the migrator is imported only to run its migrations (a test database with the real schema).
describe('who depends on the migrator', () => {
  it('no workspace needs it at run time', () => {
    const runtime = workspaces.filter((dir) => manifest(dir).dependencies?.[MIGRATOR] !== undefined);
    expect(runtime).toEqual([]);
  });

  it('the migrator itself does not depend on the services', () => {
    const { dependencies = {}, devDependencies = {} } = manifest('migrator');
    const services = Object.keys({ ...dependencies, ...devDependencies }).filter(
      // platform: only its NestJS-free entry points (config, logger), checked in main.spec.ts.
      (name) =>
        name.startsWith('@iac-experiment/') &&
        !['@iac-experiment/db', '@iac-experiment/platform'].includes(name),
    );
    expect(services).toEqual([]);
  });

  it('other workspaces import only its test databases and its list of migrations, from tests and the bench', () => {
    const imports = migratorImports();
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) {
      expect(line).toMatch(
        /^([a-z]+\/test\/[^:]+|bench\/src\/run-bench\.ts): @iac-experiment\/migrator\/(testing|migrations)$/,
      );
    }
  });
});
